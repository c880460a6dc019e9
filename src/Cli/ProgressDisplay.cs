using System;
using System.Threading.Tasks;
using Spectre.Console;

namespace SocketAnalyzers.Cli;

/// <summary>
/// A spinner with the current step on the error stream while projects load and analyze; shown only on an
/// interactive console (the error stream a terminal), so CI logs stay clean; the report itself may go to a file or pipe.
/// </summary>
internal static class ProgressDisplay
{
    public static IScanProgress None { get; } = new Silent();

    public static async Task<T> RunAsync<T>(bool wanted, Func<IScanProgress, Task<T>> work)
    {
        if (!wanted || Console.IsErrorRedirected)
        {
            return await work(None).ConfigureAwait(false);
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync("Starting", context => work(new SpectreStatus(context)))
            .ConfigureAwait(false);
    }

    private sealed class Silent : IScanProgress
    {
        public void Report(string status)
        {
        }
    }

    private sealed class SpectreStatus : IScanProgress
    {
        private readonly StatusContext context;

        public SpectreStatus(StatusContext context) => this.context = context;

        public void Report(string status) => context.Status(Markup.Escape(status));
    }
}
