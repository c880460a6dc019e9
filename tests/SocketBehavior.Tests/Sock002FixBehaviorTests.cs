using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Rules;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>
/// SOCK002 on real sockets: a handler that names one "peer gone" code lets the other escape, and the code the
/// fixes produce (run here through the analyzer and the code fix, not hand-written) handles both.
/// </summary>
public sealed class Sock002FixBehaviorTests
{
    /// <summary>
    /// The peer closed (FIN). The first write is accepted and answered with RST; the second fails with Shutdown
    /// (EPIPE). The handler names only ConnectionReset.
    /// </summary>
    private const string ResetOnlyHandler = """
        using System;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;

        public static class Program
        {
            public static string SendTwice(Socket connection)
            {
                var data = Encoding.UTF8.GetBytes("hello");
                connection.Send(data);
                WaitForReset(connection);
                try
                {
                    connection.Send(data);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                    return "peer gone";
                }

                return "sent";
            }

            // The RST that answers the first write must have arrived, so the second one fails.
            private static void WaitForReset(Socket connection)
            {
                var deadline = DateTime.UtcNow.AddSeconds(5);
                while (!connection.Poll(10000, SelectMode.SelectError) && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(5);
                }
            }
        }
        """;

    /// <summary>The peer aborted (RST) before our first write, which fails with ConnectionReset. The handler names only Shutdown.</summary>
    private const string BrokenPipeOnlyHandler = """
        using System.IO;
        using System.Net.Sockets;
        using System.Text;

        public static class Program
        {
            public static string Reply(NetworkStream stream)
            {
                var data = Encoding.UTF8.GetBytes("hello");
                try
                {
                    stream.Write(data, 0, data.Length);
                }
                catch (IOException e) when (e.InnerException is SocketException inner && inner.SocketErrorCode == SocketError.Shutdown)
                {
                    return "peer gone";
                }

                return "sent";
            }
        }
        """;

    public static TheoryData<string, LanguageVersion> Fixes() => new()
    {
        { ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey, LanguageVersion.CSharp7_3 },
        { ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey, LanguageVersion.Latest },
        { ConflatedPeerGoneCodesCodeFix.OwnClauseKey, LanguageVersion.CSharp7_3 },
        { ConflatedPeerGoneCodesCodeFix.OwnClauseKey, LanguageVersion.Latest },
    };

    [LinuxFact]
    public async Task Before_the_fix_the_broken_pipe_of_a_second_write_escapes_a_reset_only_handler()
    {
        var run = await LoopbackHarness.RunAsync(ResetOnlyHandler, "Program.SendTwice", peer => peer.Close());

        Assert.True(run.Program.Exception is SocketException, run.ToString());
        Assert.Equal(SocketError.Shutdown, run.Program.SocketErrorCode);
    }

    [LinuxTheory]
    [MemberData(nameof(Fixes))]
    public async Task After_the_fix_the_handler_takes_the_broken_pipe(string equivalenceKey, LanguageVersion languageVersion)
    {
        var fixedSource = await ApplyFixAsync(ResetOnlyHandler, equivalenceKey, languageVersion);
        Assert.Contains("SocketError.Shutdown", fixedSource, StringComparison.Ordinal);

        var run = await LoopbackHarness.RunAsync(fixedSource, "Program.SendTwice", peer => peer.Close(), languageVersion);

        Assert.True(run.Program.Returned, run + Environment.NewLine + fixedSource);
        Assert.Equal("peer gone", run.Program.ReturnValue);
    }

    [LinuxFact]
    public async Task Before_the_fix_the_reset_of_a_first_write_escapes_a_broken_pipe_only_handler()
    {
        var run = await LoopbackHarness.RunAsync(BrokenPipeOnlyHandler, "Program.Reply", peer => peer.Abort());

        Assert.True(run.Program.Exception is IOException, run.ToString());
        Assert.Equal(SocketError.ConnectionReset, run.Program.InnerSocketErrorCode);
    }

    [LinuxTheory]
    [MemberData(nameof(Fixes))]
    public async Task After_the_fix_the_handler_takes_the_reset(string equivalenceKey, LanguageVersion languageVersion)
    {
        var fixedSource = await ApplyFixAsync(BrokenPipeOnlyHandler, equivalenceKey, languageVersion);
        Assert.Contains("SocketError.ConnectionReset", fixedSource, StringComparison.Ordinal);

        var run = await LoopbackHarness.RunAsync(fixedSource, "Program.Reply", peer => peer.Abort(), languageVersion);

        Assert.True(run.Program.Returned, run + Environment.NewLine + fixedSource);
        Assert.Equal("peer gone", run.Program.ReturnValue);
    }

    /// <summary>Runs SOCK002 on <paramref name="source"/>, expects one diagnostic, and applies the fix <paramref name="equivalenceKey"/> to it.</summary>
    private static async Task<string> ApplyFixAsync(string source, string equivalenceKey, LanguageVersion languageVersion)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Program", LanguageNames.CSharp)
            .WithParseOptions(new CSharpParseOptions(languageVersion))
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary))
            .WithMetadataReferences(RuntimeReferences());
        var document = project.AddDocument("Program.cs", source);
        var compilation = await document.Project.GetCompilationAsync() ?? throw new InvalidOperationException("no compilation");
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ConflatedPeerGoneCodesAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        var diagnostic = Assert.Single(diagnostics);

        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new ConflatedPeerGoneCodesCodeFix().RegisterCodeFixesAsync(context);
        var chosen = Assert.Single(actions, action => action.EquivalenceKey == equivalenceKey);

        var operations = await chosen.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        return (await changed.GetTextAsync()).ToString();
    }

    /// <summary>A theory about Linux only (EPIPE is SocketError.Shutdown there); skipped elsewhere, like <see cref="LinuxFactAttribute"/>.</summary>
    internal sealed class LinuxTheoryAttribute : TheoryAttribute
    {
        public LinuxTheoryAttribute()
        {
            if (!OperatingSystem.IsLinux())
            {
                Skip = "Linux behavior (the CI platform); other systems are documented in docs/socket-errors.md.";
            }
        }
    }

    /// <summary>The shared framework the tests run on: the program is analyzed against the APIs it then runs with.</summary>
    private static IEnumerable<MetadataReference> RuntimeReferences()
    {
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => path.Length > 0 && string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path));
    }
}
