using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Model;
using SocketAnalyzers.Tests.Model;
using Xunit;

namespace SocketAnalyzers.Tests.Flow;

/// <summary>
/// The graph question "does a read, after it returned the end of the stream, come back to itself without leaving its
/// loop", asked of the first read of a method that tells the end of the stream, and its loop (the innermost).
/// </summary>
public sealed class EndOfStreamPathsTests
{
    [Theory]
    // Nothing tests the result, or the test does not leave.
    [InlineData("void M(Socket s, byte[] b) { while (true) { s.Receive(b); } }", true)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n == 0) { Thread.Sleep(1); continue; } } }", true)]
    [InlineData("void M(Socket s, byte[] b, bool stopping) { while (true) { var n = s.Receive(b); if (stopping) break; } }", true)]
    // A break inside a nested loop leaves only that loop.
    [InlineData("void M(Socket s, byte[] b, bool more) { while (true) { var n = s.Receive(b); while (more) { if (n == 0) break; } } }", true)]
    // A nested loop that the end value keeps going forever; a read in a catch, reached again through its try; a lock's finally on the way back.
    [InlineData("void M(Socket s, byte[] b) { while (true) { var n = s.Receive(b); while (n == 0) Thread.Sleep(10); } }", true)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { try { s.Send(b); } catch (SocketException) { s.Receive(b); } } }", true)]
    [InlineData("object _gate = new(); void M(Socket s, byte[] b) { while (true) { lock (_gate) { s.Receive(b); } } }", true)]
    [InlineData("void M(Socket s, byte[] b) { for (;;) { try { s.Receive(b); } catch (SocketException) { break; } } }", true)]
    // A connection held by a member of another object is that object's.
    [InlineData("class Session { public NetworkStream Stream = null!; } void M(Session session, byte[] b) { while (true) { session.Stream.Read(b, 0, b.Length); } }", true)]
    // The end value leaves: directly, through a flag, through the loop condition, through a finally on the way.
    [InlineData("void M(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n == 0) break; } }", false)]
    [InlineData("void M(Socket s, byte[] b) { var done = false; while (!done) { var n = s.Receive(b); done = n == 0; } }", false)]
    [InlineData("void M(Socket s, byte[] b) { int n; while ((n = s.Receive(b)) > 0) { } }", false)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { int n; try { n = s.Receive(b); } finally { Console.WriteLine(); } if (n <= 0) return; } }", false)]
    // A nested loop that may end: what follows it decides.
    [InlineData("void M(Socket s, byte[] b, System.Collections.Generic.Queue<int> q) { while (true) { var n = s.Receive(b); while (q.Count > 0) q.Dequeue(); if (n == 0) break; } }", false)]
    // A chain with a part that depends on the result is trusted as a whole, whichever part comes first.
    [InlineData("void M(Socket s, byte[] b, bool running) { while (true) { var n = s.Receive(b); if (running && n == 0) break; } }", false)]
    [InlineData("void M(Socket s, byte[] b, bool running) { while (true) { var n = s.Receive(b); if (n == 0 && running) break; } }", false)]
    // ... and one without is not: both sides of an unrelated test must leave.
    [InlineData("void M(Socket s, byte[] b, bool running, bool quiet) { while (true) { var n = s.Receive(b); if (running && quiet) break; } }", true)]
    public void A_read_comes_back_to_itself_unless_the_end_value_leaves_the_loop(string members, bool expected)
    {
        var (paths, read, endValue, loop) = FirstRead(members);

        Assert.NotNull(paths.ConnectionOf(read.Syntax));
        Assert.Equal(expected, paths.ReadsAgainWithoutLeaving(read.Syntax, endValue, loop));
    }

    [Fact]
    public void A_read_in_a_lambda_is_the_lambdas_graph_not_the_methods()
    {
        var (paths, read, endValue, loop) = FirstRead("void M(Socket s, byte[] b) { while (true) { Action a = () => s.Receive(b); a(); s.Send(b); } }");

        Assert.Null(paths.ConnectionOf(read.Syntax));
        Assert.False(paths.ReadsAgainWithoutLeaving(read.Syntax, endValue, loop));
    }

    [Theory]
    [InlineData("void M(Socket s, byte[] b) { while (true) { s.Receive(b); } }", true)]
    // A loop whose own condition compares the read with a constant that the end value makes false ends right there:
    // no graph is needed to see it.
    [InlineData("void M(NetworkStream ns) { do { } while (ns.ReadByte() >= 0); }", false)]
    [InlineData("void M(NetworkStream ns, byte[] b) { int n; while ((n = ns.Read(b, 0, b.Length)) > 0) { Console.WriteLine(n); } }", false)]
    [InlineData("void M(NetworkStream ns) { var r = new StreamReader(ns); string? line; while ((line = r.ReadLine()) != null) { Console.WriteLine(line); } }", false)]
    [InlineData("async Task M(NetworkStream ns, byte[] b) { int n; while ((n = await ns.ReadAsync(b, 0, b.Length)) != 0) { Console.WriteLine(n); } }", false)]
    // ... and where the end value keeps the condition true, or the read is not the condition, the graph is asked.
    [InlineData("void M(NetworkStream ns, byte[] b) { int n; while ((n = ns.Read(b, 0, b.Length)) >= 0) { Console.WriteLine(n); } }", true)]
    [InlineData("void M(NetworkStream ns) { var r = new StreamReader(ns); string? line; while ((line = r.ReadLine()) != \"\") { Console.WriteLine(line); } }", true)]
    [InlineData("void M(NetworkStream ns, byte[] b) { int n; while ((n = ns.Read(b, 0, b.Length)) > 0) { ns.Read(b, 0, 1); } }", true)]
    [InlineData("void M(Socket s, byte[] b) { var n = s.Receive(b); Console.WriteLine(n); }", false)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { s.Send(b); } }", false)]
    [InlineData("void M(NetworkStream ns, byte[] b) { while (true) { ns.ReadExactly(b, 0, b.Length); } }", false)]
    public void A_graph_is_asked_only_for_a_read_inside_a_loop(string members, bool expected)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(members);

        Assert.Equal(expected, FlowTriggers.HasEndOfStreamReadInLoop(body, semantics));
    }

    private static (EndOfStreamPaths Paths, IInvocationOperation Read, object? EndValue, ILoopOperation Loop) FirstRead(string members)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(members);
        var graph = ControlFlowGraph.Create((IMethodBodyOperation)body);
        var result = ConnectionFlowAnalysis.AnalyzeWithNestedFunctions(graph, semantics, CancellationToken.None)
            .Single(candidate => candidate.Graph == graph);
        var (read, endValue) = BodyFacts.Of(body, semantics).EndOfStreamReads.First();
        ILoopOperation? loop = null;
        for (var parent = read.Parent; loop is null; parent = parent!.Parent)
        {
            loop = parent as ILoopOperation;
        }

        return (new EndOfStreamPaths(result, CancellationToken.None), read, endValue, loop);
    }
}
