using SocketAnalyzers.Flow;
using SocketAnalyzers.Tests.Model;
using Xunit;

namespace SocketAnalyzers.Tests.Flow;

/// <summary>
/// The decision, made before a control flow graph is built, whether any flow rule (SOCK001, SOCK005, SOCK007,
/// SOCK008) can report in a body. A body it turns away gets no graph: it must turn away only bodies in which no
/// flow rule has anything to report (the rule tests show that none is missed; these show what is turned away).
/// </summary>
public sealed class FlowTriggersTests
{
    [Theory]
    // Writes and reads with no way to fail, no shutdown, no close, no creation: nothing for a flow rule.
    [InlineData("void M(Socket s, byte[] d) { s.Send(d); s.Send(d); }", false)]
    [InlineData("void M(NetworkStream ns, byte[] b) { while (ns.Read(b, 0, b.Length) > 0) { } }", false)]
    [InlineData("int M(Socket s, byte[] b) { var n = s.Receive(b); return n; }", false)]
    // SOCK001: a write that can run after a caught connection error (or a SocketAsyncEventArgs error check).
    [InlineData("void M(Socket s, byte[] d) { try { s.Send(d); } catch (SocketException) { } s.Send(d); }", true)]
    [InlineData("void M(Socket s, byte[] d) { try { s.Send(d); } catch (Exception) { s.Send(d); return; } }", true)]
    [InlineData("void M(SocketAsyncEventArgs e, Socket s, byte[] d) { if (e.SocketError != SocketError.Success) s.Send(d); }", true)]
    [InlineData("void M(Socket s, byte[] d, int[] xs) { foreach (var x in xs) { try { s.Send(d); } catch (SocketException) { continue; } } }", true)]
    [InlineData("void M(Socket s, byte[] d) { while (true) { try { s.Send(d); } catch (SocketException) { if (d.Length > 0) continue; return; } } }", true)]
    [InlineData("void M(Socket s, byte[] d) { while (true) { try { s.Send(d); } catch (SocketException) { break; } } s.Send(d); }", true)]
    [InlineData("void M(Socket s, byte[] d) { try { try { s.Send(d); } catch (SocketException) { return; } } catch (Exception) { s.Send(d); } }", true)]
    [InlineData("void M(Socket s, byte[] d) { try { s.Send(d); } catch (SocketException) { return; } finally { s.Send(d); } }", true)]
    [InlineData("void M(Socket s, byte[] d) { int n = 0; again: s.Send(d); try { s.Receive(d); } catch (SocketException) { if (n++ < 3) goto again; } }", true)]
    // ... and not where none can: the write comes before, the catch leaves, it cannot catch a socket error, or its try did no I/O.
    [InlineData("void M(Socket s, byte[] d) { s.Send(d); try { s.Send(d); } catch (SocketException) { } }", false)]
    [InlineData("void M(Socket s, byte[] d) { while (true) { try { s.Send(d); } catch (SocketException) { return; } } }", false)]
    [InlineData("void M(Socket s, byte[] d) { while (true) { try { s.Send(d); } catch (SocketException) { s.Close(); break; } } s.Close(); }", false)]
    [InlineData("void M(Socket s, byte[] d) { try { s.Send(d); } catch (ArgumentException) { } s.Send(d); }", false)]
    [InlineData("void M(Socket s, byte[] d) { try { Console.WriteLine(); } catch (Exception) { } s.Send(d); }", false)]
    // SOCK005: a creation or an accept that a local owns.
    [InlineData("void M() { var s = new Socket(SocketType.Stream, ProtocolType.Tcp); }", true)]
    [InlineData("void M(TcpListener l) { var c = l.AcceptTcpClient(); }", true)]
    [InlineData("async Task M(TcpListener l) { TcpClient c = await l.AcceptTcpClientAsync().ConfigureAwait(false); }", true)]
    [InlineData("void M() { TcpClient c; c = new TcpClient(); }", true)]
    // ... not a using resource (closed on every path), nor one passed, stored in a member or returned.
    [InlineData("void M() { using var c = new TcpClient(); }", false)]
    [InlineData("void M() { using (var c = new TcpClient()) { } }", false)]
    [InlineData("void M(TcpListener l) { Keep(l.AcceptTcpClient()); } void Keep(TcpClient c) { }", false)]
    [InlineData("TcpClient M() { return new TcpClient(); }", false)]
    [InlineData("TcpClient? kept; void M(TcpListener l) { kept = l.AcceptTcpClient(); }", false)]
    // SOCK007: a write that can run after a shutdown for sending.
    [InlineData("void M(Socket s, byte[] d) { s.Shutdown(SocketShutdown.Send); s.Send(d); }", true)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { s.Send(b); if (s.Receive(b) == 0) s.Shutdown(SocketShutdown.Send); } }", true)]
    [InlineData("void M(Socket s, byte[] d) { try { s.Shutdown(SocketShutdown.Send); return; } catch (SocketException) { s.Send(d); } }", true)]
    [InlineData("void M(Socket s, byte[] d) { s.Send(d); s.Shutdown(SocketShutdown.Send); }", false)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { if (s.Receive(b) == 0) { s.Shutdown(SocketShutdown.Send); break; } s.Send(b); } }", false)]
    [InlineData("void M(Socket s, byte[] b, bool done) { if (done) { s.Shutdown(SocketShutdown.Send); return; } s.Send(b); }", false)]
    [InlineData("void M(Socket s, MemoryStream m, byte[] b) { s.Shutdown(SocketShutdown.Send); m.Write(b, 0, 1); }", false)]
    // SOCK008: a read and a close of a raw Socket, the end of a using included; a TcpClient's or a stream's close shuts down first.
    [InlineData("void M(Socket s, byte[] b) { s.Receive(b); s.Close(); }", true)]
    [InlineData("void M(Socket s, byte[] b) { using (s) { s.Receive(b); } }", true)]
    [InlineData("void M(NetworkStream ns, byte[] b) { using (ns) { ns.Read(b, 0, b.Length); } }", false)]
    [InlineData("void M(TcpClient c, byte[] b) { c.GetStream().Read(b, 0, b.Length); c.Close(); }", false)]
    // Each lambda and local function on its own, as the analysis judges them: the read is not the close's.
    [InlineData("void M(Socket s, byte[] b) { var t = new Thread(() => s.Receive(b)); t.Start(); s.Close(); }", false)]
    [InlineData("void M(Socket s, byte[] b) { void Stop() { s.Receive(b); s.Close(); } Stop(); }", true)]
    // Through the project's own methods: a helper that writes the connection it is given, after a failure.
    [InlineData("void M(Socket s) { try { Write(s); } catch (SocketException) { } Write(s); } void Write(Socket s) => s.Send(new byte[1]);", true)]
    [InlineData("void M(Socket s) { try { Write(s); } catch (SocketException) { } } void Write(Socket s) => s.Send(new byte[1]);", false)]
    public void A_graph_is_built_only_where_a_flow_rule_can_report(string members, bool expected)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(members);

        Assert.Equal(expected, FlowTriggers.CanReport(body, semantics));
    }

    [Theory]
    // A read in a loop that may come back to it at the end of the stream: the graph decides.
    [InlineData("void M(Socket s, byte[] b) { while (true) { int n = s.Receive(b); Console.Write(n); } }", true)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { int n = s.Receive(b); if (n < 0) break; } }", true)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { int n = s.Receive(b); if (n == 0) { if (b.Length > 1) continue; break; } } }", true)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { int n = s.Receive(b); Console.Write(n); if (n == 0) break; } }", true)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { int n = s.Receive(b); if (n == 0) { switch (n) { case 0: break; } } } }", true)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { try { int n = s.Receive(b); if (n == 0) break; } finally { Console.Write(1); } } }", true)]
    [InlineData("void M(Socket s, byte[] b) { for (int i = 0; i < 2; i++) { while (true) { int n = s.Receive(b); if (n == 0) break; } } }", false)]
    [InlineData("void M(Socket s, byte[] b) { int n; while (true) { n = s.Receive(b); if (b.Length == 0) break; } }", true)]
    [InlineData("void M(Socket s, byte[] b) { while (s.Receive(b) >= 0) { } }", true)]
    // ... and the shapes that leave the loop at the end: its own condition, or the very next test.
    [InlineData("void M(Socket s, byte[] b) { int n; while ((n = s.Receive(b)) > 0) { } }", false)]
    [InlineData("void M(NetworkStream ns) { var r = new StreamReader(ns); string? line; while ((line = r.ReadLine()) != null) { } }", false)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { int n = s.Receive(b); if (n == 0) break; } }", false)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { int n = s.Receive(b); if (0 >= n) { Console.Write(n); s.Close(); break; } } }", false)]
    [InlineData("int M(Socket s, byte[] b) { int n; while (true) { n = s.Receive(b); if (n < 1) return 0; } }", false)]
    [InlineData("void M(Socket s, byte[] b) { while (true) { if (s.Receive(b) == 0) throw new IOException(); } }", false)]
    [InlineData("async Task M(NetworkStream ns, byte[] b) { while (true) { var n = await ns.ReadAsync(b, 0, b.Length).ConfigureAwait(false); if (n == 0) break; } }", false)]
    [InlineData("void M(NetworkStream ns) { var r = new StreamReader(ns); while (true) { var line = r.ReadLine(); if (line is null) break; } }", false)]
    public void A_graph_is_built_for_a_read_loop_only_where_the_end_of_the_stream_may_not_leave_it(string members, bool expected)
    {
        var (body, semantics) = MethodBodies.FirstMethodBody(members);

        Assert.Equal(expected, FlowTriggers.HasEndOfStreamReadInLoop(body, semantics));
    }
}
