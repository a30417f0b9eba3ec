package dev.linf.cli;

import dev.linf.runner.ModelRunner;
import dev.linf.service.ServiceConfig;
import dev.linf.service.UpscaleService;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code linf serve}: the library's {@link UpscaleService} on an address. SIGTERM or Ctrl-C stops
 * accepting, lets the requests in flight finish (within --timeout) and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve upscaling over HTTP: POST /v1/upscale?scale=S (or width=/height=; temperature=, seed=,"
                + " format=png|jpeg|npy) with the image as the body; GET /health; GET /metrics (Prometheus).",
            "Prints 'listening on http://HOST:PORT' when ready; SIGTERM finishes the requests in flight, then exits 0."})
final class ServeCommand implements Callable<Integer> {
    private static final ServiceConfig DEFAULTS = ServiceConfig.defaults();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Model checkpoint: official LINF .pth or .safetensors (default: the bundled model).")
    java.nio.file.Path weights;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default ${DEFAULT-VALUE}; 0: any free one).")
    int port;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Kernel threads in all, shared out among the upscales running at once (default 0: one per processor).")
    int threads;

    @Option(names = "--max-concurrent", defaultValue = "2", paramLabel = "C",
            description = "Upscales running at once (default ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(names = "--max-queue", defaultValue = "16", paramLabel = "Q",
            description = "Requests waiting for a free slot; more get 503 with Retry-After (default ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(names = "--max-input-pixels", defaultValue = "4000000", paramLabel = "P",
            description = "Largest input by the pixels its header claims (default ${DEFAULT-VALUE}).")
    long maxInputPixels;

    @Option(names = "--max-output-pixels", defaultValue = "64000000", paramLabel = "P",
            description = "Largest output (default ${DEFAULT-VALUE}).")
    long maxOutputPixels;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "Longest a request may take; past it 504 and the work is cancelled (default ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        ServiceConfig config;
        try {
            config = new ServiceConfig(host, port, threads > 0 ? threads : DEFAULTS.threads(), maxConcurrent, maxQueue,
                    maxInputPixels, maxOutputPixels, Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ModelRunner model = Inputs.model(weights, config.threads());
        UpscaleService service;
        try {
            service = UpscaleService.start(model, config);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.USAGE, null, "cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + ")", "choose another --port or --host");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        sun.misc.SignalHandler stop = sig -> {
            // Stop accepting, let the requests in flight finish within the timeout, then return 0.
            service.shutdown(config.timeout());
            stopped.countDown();
        };
        Signal.handle(new Signal("TERM"), stop);
        Signal.handle(new Signal("INT"), stop);
        spec.commandLine().getOut().println("listening on " + service.url());
        spec.commandLine().getOut().flush();
        stopped.await();
        return ExitCodes.OK;
    }
}
