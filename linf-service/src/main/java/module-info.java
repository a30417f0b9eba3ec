/**
 * An upscaling HTTP service for servers without native runtimes, on the JDK's built-in HTTP
 * server with virtual threads: {@link dev.linf.service.UpscaleService}.
 */
module dev.linf.service {
    requires transitive dev.linf.core;
    requires jdk.httpserver;

    exports dev.linf.service;
}
