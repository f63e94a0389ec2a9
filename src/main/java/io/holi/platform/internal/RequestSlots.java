package io.holi.platform.internal;

import jakarta.servlet.http.HttpServletRequest;

/**
 * For {@link RouteIndexedHandlerMapping}: the request each thread is mapping, and what the index read of it, in a slot
 * chosen by the thread's id. Spring asks the mapping's {@code getMatchingMapping} once per route, and a {@code ThreadLocal} lookup that often was itself 6 % of the
 * service's samples. A slot answers only for the very request it names: when two threads share a slot, the one that
 * finds the other's request there gets no path, and its request is mapped without the index (the same answer, by
 * Spring's full scan). The records' final fields make a slot safe to read from any thread.
 */
final class RequestSlots {

    static final int SLOTS = 256;

    record Slot(HttpServletRequest request, RouteIndex index, Routes.PathShape path, int method) {
    }

    private final Slot[] slots = new Slot[SLOTS];

    private static int slotIndex() {
        return (int) (Thread.currentThread().getId() & (SLOTS - 1));
    }

    /** This thread maps {@code request} now; returns what to give {@link #exit} when it is done. */
    Object enter(HttpServletRequest request, RouteIndex index, Routes.PathShape path, int method) {
        int i = slotIndex();
        Slot outer = slots[i];
        slots[i] = new Slot(request, index, path, method);
        return outer;
    }

    void exit(Object outer) {
        slots[slotIndex()] = (Slot) outer;
    }

    /** What this thread's slot holds for {@code request}, or null when it holds another request. */
    Slot slotOf(HttpServletRequest request) {
        Slot slot = slots[slotIndex()];
        return slot != null && slot.request() == request ? slot : null;
    }
}
