package io.holi.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void fieldsAreQuotedWhenTheyMustBeAndNeverReadAsFormulas() {
        assertThat(AuditPages.csvField("plain")).isEqualTo("plain");
        assertThat(AuditPages.csvField(null)).isEmpty();
        assertThat(AuditPages.csvField("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditPages.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditPages.csvField("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditPages.csvField("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(AuditPages.csvField("-1+2")).isEqualTo("\"'-1+2\"");
    }
}
