package io.holi.platform;

import java.net.InetAddress;

/** How an instance names itself in the records it writes (which instance ran a job, recorded a minute): host/pid. */
public final class InstanceName {

    private static final String NAME = compute();

    private InstanceName() {
    }

    public static String of() {
        return NAME;
    }

    private static String compute() {
        try {
            return InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
        } catch (Exception e) {
            return "pid " + ProcessHandle.current().pid();
        }
    }
}
