package io.holi.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void fieldsAreQuotedWhenTheyMustBeAndNeverReadAsFormulas() {
        assertThat(AuditPages.csv("plain")).isEqualTo("plain");
        assertThat(AuditPages.csv(null)).isEmpty();
        assertThat(AuditPages.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditPages.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditPages.csv("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditPages.csv("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditPages.csv("-1+2")).isEqualTo("\"'-1+2\"");
    }
}
