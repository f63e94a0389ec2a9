package io.holi.status.internal;

import io.holi.status.StatusFile;
import io.holi.status.StatusPage;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.time.Duration;
import java.time.Instant;

/**
 * The status page as holi serves it, to anyone, without signing in: the same files that are published off-box.
 * It shows no PHI and no user; it is answered in maintenance mode too.
 */
@Controller
@Hidden
@ConditionalOnWebApplication
class StatusController {

    private final StatusPage page;

    StatusController(StatusPage page) {
        this.page = page;
    }

    @GetMapping("/status")
    ResponseEntity<Void> index() {
        return ResponseEntity.status(302).header("Location", "/status/").build();
    }

    @GetMapping("/status/")
    ResponseEntity<byte[]> page() {
        return file("index.html");
    }

    @GetMapping("/status/{name:index\\.html|status\\.css|summary\\.json|feed\\.atom}")
    ResponseEntity<byte[]> file(@PathVariable String name) {
        for (StatusFile f : page.files(Instant.now())) {
            if (f.name().equals(name)) {
                return ResponseEntity.ok().contentType(MediaType.parseMediaType(f.contentType()))
                        .cacheControl(CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic()).body(f.content());
            }
        }
        return ResponseEntity.notFound().build();
    }
}
