package dev.linf.cli;

import dev.linf.runner.Monitor;
import java.io.PrintWriter;
import java.util.Locale;

/** A progress line redrawn in place on a terminal: {@code name [#####     ]  50% stage}. */
final class ProgressBar implements Monitor.Listener {
    static final int WIDTH = 30;

    private final PrintWriter terminal;
    private final String name;

    ProgressBar(PrintWriter terminal, String name) {
        this.terminal = terminal;
        this.name = name;
    }

    /**
     * The terminal to draw on: the console when standard output is one and {@code quiet} is not set,
     * else null (progress is then one line per file, or nothing).
     */
    static PrintWriter terminal(boolean quiet) {
        var console = System.console();
        return !quiet && console != null && console.isTerminal() ? console.writer() : null;
    }

    /** One redraw: carriage return, the bar, then erase to the end of the line. */
    static String line(String name, double fraction, String stage) {
        double f = Math.min(Math.max(fraction, 0), 1);
        int filled = (int) (f * WIDTH);
        return String.format(Locale.ROOT, "\r%s [%s%s] %3.0f%% %s\033[K", name, "#".repeat(filled),
                " ".repeat(WIDTH - filled), 100 * f, stage);
    }

    @Override
    public void update(double fraction, String stage) {
        terminal.print(line(name, fraction, stage));
        terminal.flush();
    }

    /** Erases the line, leaving the cursor at its start. */
    void clear() {
        terminal.print("\r\033[K");
        terminal.flush();
    }
}
