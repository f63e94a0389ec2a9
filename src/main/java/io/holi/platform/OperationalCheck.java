package io.holi.platform;

import java.util.List;
import java.util.function.Supplier;

/**
 * One check of the manual's checklists (section 2), owned by the module whose data it reads: the audit module checks
 * the audit trail, the backup module the backups. The ops module runs the checks of a cadence in their order,
 * renders the manual's report and records the run.
 */
public interface OperationalCheck {

    /** Which checklist the check belongs to. */
    enum Cadence { DAILY, WEEKLY, MONTHLY, QUARTERLY }

    /** What the report calls it when it cannot run at all ("Audit chain"). */
    String name();

    Cadence cadence();

    /** Its place in the report (the manual's order): lower first. */
    int order();

    /** What the check measured: usually one line, a few for checks that measure several things at once. */
    List<Check> run();

    /** A check made of its name, place and what it runs (most checks are a query and a rule: no class of their own). */
    static OperationalCheck of(String name, Cadence cadence, int order, Supplier<List<Check>> check) {
        return new Defined(name, cadence, order, check);
    }

    /** See {@link #of}. */
    record Defined(String name, Cadence cadence, int order, Supplier<List<Check>> check) implements OperationalCheck {
        @Override
        public List<Check> run() {
            return check.get();
        }
    }
}
