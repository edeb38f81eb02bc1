package io.queryhound.demo.run;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's command line: what each option sets, and a clear message for what it does not accept. */
class DemoOptionsTest {

    private static final Demo.Options DEFAULTS = Demo.Options.defaults(Path.of("target/demo"));

    @Test
    void optionsSetTheirValueAndLeaveTheOthers() {
        Demo.Options options = Demo.parse(new String[] {"run", "--requests=3", "--orders=5000",
                "--agent=slowQueryMillis=250,nPlusOneThreshold=5", "--out=/tmp/x"}, 1, DEFAULTS);

        assertThat(options.requests()).isEqualTo(3);
        assertThat(options.orders()).isEqualTo(5000);
        assertThat(options.agentSettings()).isEqualTo("slowQueryMillis=250,nPlusOneThreshold=5");
        assertThat(options.out()).isEqualTo(Path.of("/tmp/x"));
        assertThat(options.warmups()).isEqualTo(DEFAULTS.warmups());
        assertThat(options.seed()).isEqualTo(DEFAULTS.seed());
    }

    @Test
    void noArgumentsAreTheDefaults() {
        assertThat(Demo.parse(new String[0], 0, DEFAULTS)).isEqualTo(DEFAULTS);
        assertThat(DEFAULTS.requests()).isEqualTo(10);
        assertThat(DEFAULTS.agentSettings()).isEmpty();
    }

    @Test
    void badArgumentsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> Demo.parse(new String[] {"--requests=many"}, 0, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--requests needs a number, not 'many'");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--requests=0"}, 0, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--requests must be at least 1, not 0");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--colour=red"}, 0, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --colour");
        assertThatThrownBy(() -> Demo.parse(new String[] {"fast"}, 0, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown argument 'fast'");
    }
}
