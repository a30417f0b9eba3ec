/** The {@code linf} command line tool: a thin layer over the library. */
module dev.linf.cli {
    requires dev.linf.core;
    requires dev.linf.weights;
    requires dev.linf.cpu;
    requires dev.linf.service;
    requires jdk.unsupported;
    requires info.picocli;

    opens dev.linf.cli to info.picocli;
}
