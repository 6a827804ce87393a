using JobScheduler.Benchmarks;

// The benchmark tool: bash deploy/scripts/bench.sh [--quick] [--only B2,B3] [--runs N] [--b4-million] [--b1-slots 2,4,8].
// stdout: one JSON line per workload, then a Markdown table; progress goes to stderr.
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels the workload and lets the clean-up below stop every process; a second one ends at once.
    if (interrupted.IsCancellationRequested)
        return;
    e.Cancel = true;
    Console.Error.WriteLine("Interrupted: stopping the processes this run started...");
    interrupted.Cancel();
};
using var terminated = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupted.Cancel();
});

return await BenchmarkRun.ExecuteAsync(options, interrupted.Token);
