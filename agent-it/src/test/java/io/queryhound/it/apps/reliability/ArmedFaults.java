package io.queryhound.it.apps.reliability;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which faults {@link FaultyDriver}'s objects throw next: each armed fault fires once, at its point, and is then
 * disarmed, so the application's next attempt succeeds. Remembers the exception objects it threw, so the
 * application can tell whether it received those very objects. The applications that use it are single-threaded.
 */
public final class ArmedFaults {

    private static final Set<Fault> ARMED = EnumSet.noneOf(Fault.class);
    private static final List<SQLException> THROWN = new ArrayList<>();

    private ArmedFaults() {
    }

    /** Arms {@code faults}, each for one failure, and forgets what was thrown before. */
    public static void arm(Set<Fault> faults) {
        ARMED.clear();
        ARMED.addAll(faults);
        THROWN.clear();
    }

    /** The faults armed that have not fired yet. */
    public static Set<Fault> stillArmed() {
        return EnumSet.copyOf(ARMED);
    }

    /** The exceptions thrown since {@link #arm}, in order. */
    public static List<SQLException> thrown() {
        return List.copyOf(THROWN);
    }

    /** Throws {@code fault}'s exception if it is armed, and disarms it. */
    static void fire(Fault fault) throws SQLException {
        if (ARMED.remove(fault)) {
            SQLException exception = fault.exception();
            THROWN.add(exception);
            throw exception;
        }
    }
}
