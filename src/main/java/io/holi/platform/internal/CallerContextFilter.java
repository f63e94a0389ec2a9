package io.holi.platform.internal;

import io.holi.platform.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** After authentication: the caller's id (never the email) goes into the logs of the request. */
@Configuration(proxyBeanMethods = false)
class CallerContextFilter {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> callerContext() {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Caller.currentId().ifPresent(id -> {
                    request.setAttribute(RequestObservationFilter.USER_ID, id.toString());
                    MDC.put("userId", id.toString());
                });
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> bean = new FilterRegistrationBean<>(filter);
        bean.setOrder(-98); // right after Spring Security's chain (-100)
        return bean;
    }
}
