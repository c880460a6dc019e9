using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Rules;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;
using static SocketBehavior.Tests.Sock005FixBehaviorTests;

namespace SocketBehavior.Tests;

/// <summary>
/// SOCK010 proven on real sockets: what a failed <c>AcceptAsync(SocketAsyncEventArgs)</c> leaves in the event args
/// (the listener is closed while the accept is pending), and a completion handler that closes
/// <c>e.AcceptSocket</c> in its failure branch, before and after the real SOCK010 fix.
/// </summary>
public sealed class Sock010FixBehaviorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private const string Program = """
        using System;
        using System.Net.Sockets;
        using System.Threading;

        public static class Program
        {
            public static string Run(Socket listener)
            {
                var done = new ManualResetEventSlim();
                var outcome = "not completed";
                var args = new SocketAsyncEventArgs();
                args.Completed += (sender, e) =>
                {
                    // The test host must not die: what would end the process is recorded instead.
                    try
                    {
                        OnAcceptCompleted(sender, e);
                        outcome = "handled " + e.SocketError;
                    }
                    catch (Exception exception)
                    {
                        outcome = exception.GetType().Name;
                    }

                    done.Set();
                };
                if (!listener.AcceptAsync(args))
                {
                    return "completed at once";
                }

                listener.Close();
                done.Wait(5000);
                return outcome;
            }

            private static void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    e.AcceptSocket.Close();
                    return;
                }

                e.AcceptSocket.NoDelay = true;
                e.AcceptSocket.Close();
            }
        }
        """;

    /// <summary>The measured fact behind SOCK010: the accept fails with OperationAborted and AcceptSocket stays null.</summary>
    [LinuxFact]
    public async Task Sock010_ClosingTheListenerDuringAPendingAcceptLeavesAcceptSocketNull()
    {
        var listener = LoopbackPair.Listen();
        var completed = new TaskCompletionSource<(SocketError Error, Socket? Accepted, SocketAsyncOperation Operation)>(
            TaskCreationOptions.RunContinuationsAsynchronously);
        using var args = new SocketAsyncEventArgs();
        args.Completed += (_, e) => completed.TrySetResult((e.SocketError, e.AcceptSocket, e.LastOperation));

        Assert.True(listener.AcceptAsync(args), "the accept must be pending");
        listener.Close();
        var (error, accepted, operation) = await completed.Task.WaitAsync(Timeout);

        Assert.Equal(SocketAsyncOperation.Accept, operation);
        Assert.Equal(SocketError.OperationAborted, error);
        Assert.Null(accepted);
    }

    [LinuxFact]
    public async Task Sock010_TheFixedHandlerSurvivesAFailedAccept()
    {
        var fixedSource = await ApplyFixAsync(Program, LanguageVersion.Latest);
        Assert.Contains("e.AcceptSocket?.Close();", fixedSource, StringComparison.Ordinal);

        Assert.Equal("NullReferenceException", await RunAsync(Program, LanguageVersion.Latest));
        Assert.Equal("handled " + SocketError.OperationAborted, await RunAsync(fixedSource, LanguageVersion.Latest));
    }

    [LinuxFact]
    public async Task Sock010_TheFixCompilesAndWorksInCSharp7_3()
    {
        var fixedSource = await ApplyFixAsync(Program, LanguageVersion.CSharp7_3);
        Assert.Equal("handled " + SocketError.OperationAborted, await RunAsync(fixedSource, LanguageVersion.CSharp7_3));
    }

    private static async Task<string?> RunAsync(string source, LanguageVersion languageVersion)
    {
        using var program = InMemoryProgram.Compile(source, languageVersion);
        var listener = LoopbackPair.Listen();
        try
        {
            var outcome = await InMemoryProgram.InvokeAsync(program.Method("Program.Run"), new object?[] { listener }, Timeout);
            Assert.True(outcome.Returned, outcome.ToString());
            return outcome.ReturnValue as string;
        }
        finally
        {
            listener.Dispose();
        }
    }

    /// <summary>Applies the SOCK010 fix one diagnostic at a time, as a user would, until none is left.</summary>
    private static async Task<string> ApplyFixAsync(string source, LanguageVersion languageVersion)
    {
        var document = CreateDocument(source, languageVersion);
        for (var round = 0; round < 10; round++)
        {
            var diagnostic = (await AnalyzeAsync(document, new AcceptSocketAfterFailedAcceptAnalyzer())).FirstOrDefault();
            if (diagnostic is null)
            {
                return (await document.GetTextAsync()).ToString();
            }

            var actions = new List<CodeAction>();
            await new AcceptSocketAfterFailedAcceptCodeFix().RegisterCodeFixesAsync(
                new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
            document = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        }

        throw new InvalidOperationException("The fix did not remove its diagnostics in 10 rounds.");
    }
}
