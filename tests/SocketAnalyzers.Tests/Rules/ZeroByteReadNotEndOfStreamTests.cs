using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Rules;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ZeroByteReadNotEndOfStreamAnalyzer,
    SocketAnalyzers.CodeFixes.ZeroByteReadNotEndOfStreamCodeFix>;

namespace SocketAnalyzers.Tests.Rules;

public class ZeroByteReadNotEndOfStreamTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Net.WebSockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- Reported: the result is discarded ----

    [Fact]
    public Task DiscardedReceiveInWhileTrue() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer)
            {
                while (true)
                {
                    [|s.Receive(buffer)|];
                    Console.WriteLine(buffer[0]);
                }
            }
        }
        """);

    [Fact]
    public Task DiscardedAwaitedReadAsyncAndDiscardAssignment() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task Pump(NetworkStream ns, byte[] buffer, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    await [|ns.ReadAsync(buffer, 0, buffer.Length, token)|].ConfigureAwait(false);
                    _ = [|ns.Read(buffer, 0, buffer.Length)|];
                }
            }
        }
        """);

    [Fact]
    public Task MessageNamesTheCallAndItsEndValue() => Verify.VerifyAnalyzerAsync(
        Usings + """
        class Server
        {
            void Pump(TcpClient client, byte[] buffer)
            {
                for (;;) { {|#0:client.GetStream().Read(buffer, 0, buffer.Length)|}; }
            }
        }
        """,
        Verify.Diagnostic()
            .WithLocation(0)
            .WithSeverity(DiagnosticSeverity.Warning)
            .WithMessage("'client.GetStream().Read' returns 0 at the end of the stream, and the loop does not leave when it does: after the peer closes, every read returns 0 at once, so the loop spins and the socket stays in CLOSE_WAIT"));

    // ---- Reported: the result is never tested so that the end leaves the loop ----

    [Fact]
    public Task CountUsedButNeverTested() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Echo(NetworkStream ns, byte[] buffer)
            {
                while (true)
                {
                    int n = [|ns.Read(buffer, 0, buffer.Length)|];
                    ns.Write(buffer, 0, n);
                }
            }
        }
        """);

    [Fact]
    public Task TestedOnlyForProcessing() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    var n = [|s.Receive(buffer)|];
                    if (n > 0)
                    {
                        Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, n));
                    }
                }
            }
        }
        """);

    [Fact]
    public Task ZeroTestThatContinues() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer)
            {
                while (true)
                {
                    var n = [|s.Receive(buffer)|];
                    if (n == 0) { Thread.Sleep(10); continue; }
                    Console.WriteLine(n);
                }
            }
        }
        """);

    [Fact]
    public Task ExitUnrelatedToTheReadDoesNotCount() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            bool _stopping;

            void Pump(Socket s, byte[] buffer)
            {
                while (s.Connected)
                {
                    var n = [|s.Receive(buffer)|];
                    if (_stopping) break;
                    Console.WriteLine(n);
                }
            }
        }
        """);

    [Fact]
    public Task ZeroTestWhoseBreakIsConditional() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer, bool quitOnEnd)
            {
                while (true)
                {
                    var n = [|s.Receive(buffer)|];
                    if (n == 0) { if (quitOnEnd) break; }
                }
            }
        }
        """);

    [Fact]
    public Task OffsetLoopThatNeverAdvancesAtTheEnd() => Verify.VerifyAnalyzerAsync(Usings + """
        class Framing
        {
            void ReadFrame(NetworkStream ns, byte[] frame)
            {
                var offset = 0;
                while (offset < frame.Length)
                {
                    offset += [|ns.Read(frame, offset, frame.Length - offset)|];
                }
            }
        }
        """);

    [Fact]
    public Task ReadByteAndReadLine() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Bytes(NetworkStream ns, MemoryStream sink)
            {
                while (true) { sink.WriteByte((byte)[|ns.ReadByte()|]); }
            }

            void Lines(TcpClient client)
            {
                var reader = new StreamReader(client.GetStream());
                while (true)
                {
                    var line = [|reader.ReadLine()|];
                    Console.WriteLine(line.Length);
                }
            }

            async Task LinesAsync(Socket socket)
            {
                using var reader = new StreamReader(new NetworkStream(socket, ownsSocket: true));
                while (true)
                {
                    string line = await [|reader.ReadLineAsync()|];
                    Console.WriteLine(line);
                }
            }
        }
        """);

    [Fact]
    public Task ReadersAndStreamsOverAConnection() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Binary(TcpClient client, byte[] buffer)
            {
                var reader = new BinaryReader(client.GetStream());
                while (true) { Console.WriteLine([|reader.Read(buffer, 0, buffer.Length)|]); }
            }

            async Task Tls(SslStream ssl, Memory<byte> buffer)
            {
                while (true) { Console.WriteLine(await [|ssl.ReadAsync(buffer)|]); }
            }

            async Task SocketValueTask(Socket s, Memory<byte> buffer)
            {
                while (true) { Console.WriteLine(await [|s.ReceiveAsync(buffer, SocketFlags.None)|]); }
            }

            void Chars(StreamReader unused, NetworkStream ns, char[] chars)
            {
                var reader = new StreamReader(ns);
                do { Console.WriteLine([|reader.Read(chars, 0, chars.Length)|]); } while (true);
            }

            void ReadAtLeastThatDoesNotThrow(NetworkStream ns, byte[] buffer)
            {
                while (true) { Console.WriteLine([|ns.ReadAtLeast(buffer, 4, throwOnEndOfStream: false)|]); }
            }
        }
        """);

    [Fact]
    public Task ConnectionFieldOfASession() => Verify.VerifyAnalyzerAsync(Usings + """
        class Session
        {
            private readonly NetworkStream _stream;
            private readonly byte[] _buffer = new byte[4096];

            public Session(TcpClient client) { _stream = client.GetStream(); }

            public void Run()
            {
                while (true)
                {
                    var n = [|_stream.Read(_buffer, 0, _buffer.Length)|];
                    Handle(n);
                }
            }

            private void Handle(int count) { Console.WriteLine(count); }
        }
        """);

    [Fact]
    public Task ForeachLoopAndLoopInsideALambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Chunks(Socket s, byte[][] chunks)
            {
                foreach (var chunk in chunks) { [|s.Receive(chunk)|]; }
            }

            Task Background(Socket s, byte[] buffer) => Task.Run(() =>
            {
                while (true) { [|s.Receive(buffer)|]; }
            });
        }
        """);

    [Fact]
    public Task EachReadIsTestedOnItsOwn() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Frames(NetworkStream ns, byte[] header, byte[] body)
            {
                while (true)
                {
                    var n = ns.Read(header, 0, header.Length);
                    if (n == 0) break;
                    var m = [|ns.Read(body, 0, body.Length)|];
                    Console.WriteLine(m);
                }
            }
        }
        """);

    // ---- Not reported: the end of the stream leaves the loop ----

    [Fact]
    public Task ClassicTestsThatLeave() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void BreakOnZero(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n == 0) break; Console.WriteLine(n); } }
            void BreakOnLessOrEqual(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n <= 0) break; } }
            void BreakOnLessThanOne(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n < 1) { Console.WriteLine("bye"); break; } } }
            void ElseBreak(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n > 0) { Console.WriteLine(n); } else break; } }
            void ReturnOnZero(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n == 0) return; } }
            void ThrowOnZero(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (0 == n) throw new EndOfStreamException(); } }
            void ReversedAndNegated(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (!(0 < n)) break; } }
            void Pattern(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n is 0) break; if (n is <= 0 or > 100) break; } }
            void NotEqualZeroContinues(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n != 0) continue; break; } }
            void DirectlyInTheCondition(Socket s, byte[] b) { while (true) { if (s.Receive(b) == 0) break; } }
            void GotoOut(Socket s, byte[] b) { while (true) { if (s.Receive(b) == 0) goto done; } done: Console.WriteLine(); }
            int ReturnsTheCount(Socket s, byte[] b) { while (true) { var n = s.Receive(b); return n; } }
            int ReturnsTheCountWhenPositive(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n > 0) return n; break; } return 0; }
        }
        """);

    [Fact]
    public Task LoopConditionsThatLeave() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void AssignInCondition(NetworkStream ns, byte[] b) { int n; while ((n = ns.Read(b, 0, b.Length)) > 0) { Console.WriteLine(n); } }
            void AssignInConditionWithAnd(NetworkStream ns, byte[] b, CancellationToken t) { int n; while (!t.IsCancellationRequested && (n = ns.Read(b, 0, b.Length)) != 0) { } }
            void ForLoop(NetworkStream ns, byte[] b) { for (var n = ns.Read(b, 0, b.Length); n > 0; n = ns.Read(b, 0, b.Length)) { Console.WriteLine(n); } }
            void DoWhile(NetworkStream ns, byte[] b) { int n; do { n = ns.Read(b, 0, b.Length); Console.WriteLine(n); } while (n > 0); }
            void TestAtTheTop(NetworkStream ns, byte[] b) { var n = -1; while (true) { if (n == 0) break; n = ns.Read(b, 0, b.Length); } }
            void Flag(NetworkStream ns, byte[] b) { var open = true; while (open) { var n = ns.Read(b, 0, b.Length); if (n == 0) { open = false; continue; } Console.WriteLine(n); } }
            void FlagFromTheComparison(NetworkStream ns, byte[] b) { var done = false; while (!done) { var n = ns.Read(b, 0, b.Length); done = n == 0; } }
            void DataAvailable(NetworkStream ns, byte[] b) { while (ns.DataAvailable) { var n = ns.Read(b, 0, b.Length); Console.WriteLine(n); } }
            void Available(Socket s, byte[] b) { while (s.Available > 0) { s.Receive(b); } }
        }
        """);

    [Fact]
    public Task EndValuesOfOtherReads() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Bytes(NetworkStream ns) { while (true) { var b = ns.ReadByte(); if (b == -1) break; Console.WriteLine(b); } }
            void BytesNegative(NetworkStream ns) { int b; while ((b = ns.ReadByte()) >= 0) { Console.WriteLine(b); } }
            void Lines(TcpClient c) { var r = new StreamReader(c.GetStream()); string line; while ((line = r.ReadLine()) != null) { Console.WriteLine(line); } }
            void LinesIsNull(TcpClient c) { var r = new StreamReader(c.GetStream()); while (true) { var line = r.ReadLine(); if (line is null) return; } }
            void LinesIsNullOrEmpty(TcpClient c) { var r = new StreamReader(c.GetStream()); while (true) { var line = r.ReadLine(); if (string.IsNullOrEmpty(line)) break; } }
            void EndOfStream(TcpClient c) { var r = new StreamReader(c.GetStream()); while (!r.EndOfStream) { Console.WriteLine(r.ReadLine()); } }
            async Task LinesAsync(TcpClient c) { var r = new StreamReader(c.GetStream()); while (await r.ReadLineAsync() is { } line) { Console.WriteLine(line); } }
            void Switch(NetworkStream ns) { while (true) { switch (ns.ReadByte()) { case -1: return; case 10: Console.WriteLine(); break; default: break; } } }
        }
        """);

    [Fact]
    public Task TestsThatDependOnTheResultInUnknownWaysAreTrusted() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            bool Handle(byte[] b, int n) => n > 0;
            void Helper(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (!Handle(b, n)) break; } }
            void ShortRead(Socket s, byte[] b) { while (true) { var n = s.Receive(b); if (n < b.Length) break; } }
            void AfterTry(Socket s, byte[] b)
            {
                while (true)
                {
                    int n;
                    try { n = s.Receive(b); }
                    catch (SocketException) { break; }
                    if (n == 0) break;
                }
            }
        }
        """);

    [Fact]
    public Task ThrowingReadsAreFine() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Exact(NetworkStream ns, byte[] b) { while (true) { ns.ReadExactly(b, 0, b.Length); Console.WriteLine(b[0]); } }
            async Task ExactAsync(NetworkStream ns, Memory<byte> b) { while (true) { await ns.ReadExactlyAsync(b); } }
            void AtLeast(NetworkStream ns, byte[] b) { while (true) { ns.ReadAtLeast(b, 4); } }
            void Binary(TcpClient c) { var r = new BinaryReader(c.GetStream()); while (true) { Console.WriteLine(r.ReadInt32()); } }
        }
        """);

    [Fact]
    public Task NotAReadLoop() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void AcceptLoop(TcpListener listener, byte[] b)
            {
                while (true)
                {
                    var client = listener.AcceptTcpClient();
                    var ns = client.GetStream();
                    ns.Read(b, 0, b.Length);
                    client.Close();
                }
            }

            void AcceptLoopIntoAVariableDeclaredOutside(Socket listener, byte[] b)
            {
                Socket s;
                while (true)
                {
                    s = listener.Accept();
                    s.Receive(b);
                    s.Close();
                }
            }

            void EachClient(Socket[] clients, byte[] b)
            {
                foreach (var client in clients) { client.Receive(b); }
            }

            void NoLoop(Socket s, byte[] b) { s.Receive(b); }

            void ReadOnceInAForInitializer(Socket s, byte[] b) { for (var n = s.Receive(b); false;) { } }

            void LambdaInsideTheLoop(Socket s, byte[] b)
            {
                while (true) { Task.Run(() => s.Receive(b)).Wait(); break; }
            }
        }
        """);

    [Fact]
    public Task NotAConnection() => Verify.VerifyAnalyzerAsync(Usings + """
        class Files
        {
            void File(FileStream fs, byte[] b) { while (true) { fs.Read(b, 0, b.Length); } }
            void Memory(MemoryStream ms, byte[] b) { while (true) { ms.Read(b, 0, b.Length); } }
            void UnknownStream(Stream stream, byte[] b) { while (true) { stream.Read(b, 0, b.Length); } }
            void UnknownReader(TextReader reader) { while (true) { Console.WriteLine(reader.ReadLine()); } }
            void ReaderOverAFile(string path) { var reader = new StreamReader(path); while (true) { Console.WriteLine(reader.ReadLine()); } }
            void Udp(UdpClient udp, byte[] b) { while (true) { udp.Client.Receive(b); } }
            void Datagrams(Socket s, byte[] b) { System.Net.EndPoint from = null; while (true) { s.ReceiveFrom(b, ref from); } }
            async Task WebSocket(WebSocket ws, ArraySegment<byte> b) { while (true) { await ws.ReceiveAsync(b, CancellationToken.None); } }
            void Saea(Socket s, SocketAsyncEventArgs e) { while (true) { s.ReceiveAsync(e); } }
            void Copy(NetworkStream ns, Stream target) { while (true) { ns.CopyTo(target); } }
        }
        """);

    // ---- The fix ----

    [Fact]
    public Task Fix_DiscardedReceive_GetsAVariableAndTheSocketsNormalEnd() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer)
            {
                while (true)
                {
                    [|s.Receive(buffer)|];
                    Console.WriteLine(buffer[0]);
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer)
            {
                while (true)
                {
                    var n = s.Receive(buffer);
                    if (n == 0)
                    {
                        try
                        {
                            s.Shutdown(SocketShutdown.Both);
                        }
                        catch (SocketException)
                        {
                            // The peer reset the connection already: nothing is left to shut down.
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already: through a wrapper that owned it, or by an earlier close.
                        }
                        finally
                        {
                            s.Close();
                        }

                        break;
                    }
                    Console.WriteLine(buffer[0]);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_AssignedCount_TcpClientStreamAsync() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            async Task Echo(TcpClient client, byte[] buffer)
            {
                var stream = client.GetStream();
                while (true)
                {
                    int count = await [|stream.ReadAsync(buffer, 0, buffer.Length)|].ConfigureAwait(false);
                    await stream.WriteAsync(buffer, 0, count);
                }
            }
        }
        """, Usings + """
        class Server
        {
            async Task Echo(TcpClient client, byte[] buffer)
            {
                var stream = client.GetStream();
                while (true)
                {
                    int count = await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false);
                    if (count == 0)
                    {
                        try
                        {
                            client.Client?.Shutdown(SocketShutdown.Both);
                        }
                        catch (SocketException)
                        {
                            // The peer reset the connection already: nothing is left to shut down.
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already: through a wrapper that owned it, or by an earlier close.
                        }
                        finally
                        {
                            client.Close();
                        }

                        break;
                    }
                    await stream.WriteAsync(buffer, 0, count);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_ReadLine_FlushesTheWriterThenEndsTheClient() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Chat(TcpClient client)
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream);
                var writer = new StreamWriter(stream);
                while (true)
                {
                    string line;
                    line = [|reader.ReadLine()|];
                    writer.WriteLine(line.ToUpperInvariant());
                    writer.Flush();
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Chat(TcpClient client)
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream);
                var writer = new StreamWriter(stream);
                while (true)
                {
                    string line;
                    line = reader.ReadLine();
                    if (line == null)
                    {
                        try
                        {
                            writer.Flush();
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already by an earlier close: nothing is left to flush.
                        }
                        finally
                        {
                            writer.Close();
                        }

                        try
                        {
                            client.Client?.Shutdown(SocketShutdown.Both);
                        }
                        catch (SocketException)
                        {
                            // The peer reset the connection already: nothing is left to shut down.
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already: through a wrapper that owned it, or by an earlier close.
                        }
                        finally
                        {
                            client.Close();
                        }

                        break;
                    }
                    writer.WriteLine(line.ToUpperInvariant());
                    writer.Flush();
                }
            }
        }
        """);

    [Fact]
    public Task Fix_ResultInsideAnExpression_IsReadFirst() => Verify.VerifyCodeFixAsync(Usings + """
        class Framing
        {
            void ReadFrame(NetworkStream ns, byte[] frame)
            {
                var offset = 0;
                while (offset < frame.Length)
                {
                    // Fill the frame.
                    offset += [|ns.Read(frame, offset, frame.Length - offset)|];
                }
            }
        }
        """, Usings + """
        class Framing
        {
            void ReadFrame(NetworkStream ns, byte[] frame)
            {
                var offset = 0;
                while (offset < frame.Length)
                {
                    // Fill the frame.
                    var n = ns.Read(frame, offset, frame.Length - offset);
                    if (n == 0)
                    {
                        try
                        {
                            ns.Flush();
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already by an earlier close: nothing is left to flush.
                        }
                        finally
                        {
                            ns.Close();
                        }

                        break;
                    }

                    offset += n;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_ReadByteConverted_IsReadFirstAndTestedForMinusOne() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Bytes(NetworkStream ns, MemoryStream sink)
            {
                while (true) { sink.WriteByte((byte)[|ns.ReadByte()|]); }
            }
        }
        """, Usings + """
        class Server
        {
            void Bytes(NetworkStream ns, MemoryStream sink)
            {
                while (true) {
                    var value = ns.ReadByte();
                    if (value == -1)
                    {
                        try
                        {
                            ns.Flush();
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already by an earlier close: nothing is left to flush.
                        }
                        finally
                        {
                            ns.Close();
                        }

                        break;
                    }

                    sink.WriteByte((byte)value);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_EmbeddedStatement_GetsABlock_AndNamesDoNotCollide() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer, int n)
            {
                while (n > 0)
                    [|s.Receive(buffer)|];
            }
        }
        """, Usings + """
        class Server
        {
            void Pump(Socket s, byte[] buffer, int n)
            {
                while (n > 0)
                {
                    var n2 = s.Receive(buffer);
                    if (n2 == 0)
                    {
                        try
                        {
                            s.Shutdown(SocketShutdown.Both);
                        }
                        catch (SocketException)
                        {
                            // The peer reset the connection already: nothing is left to shut down.
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already: through a wrapper that owned it, or by an earlier close.
                        }
                        finally
                        {
                            s.Close();
                        }

                        break;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_SessionField() => Verify.VerifyCodeFixAsync(Usings + """
        class Session
        {
            private readonly NetworkStream _stream;
            private readonly byte[] _buffer = new byte[4096];

            public Session(TcpClient client) { _stream = client.GetStream(); }

            public void Run()
            {
                while (true)
                {
                    var read = [|_stream.Read(_buffer, 0, _buffer.Length)|];
                    Console.WriteLine(read);
                }
            }
        }
        """, Usings + """
        class Session
        {
            private readonly NetworkStream _stream;
            private readonly byte[] _buffer = new byte[4096];

            public Session(TcpClient client) { _stream = client.GetStream(); }

            public void Run()
            {
                while (true)
                {
                    var read = _stream.Read(_buffer, 0, _buffer.Length);
                    if (read == 0)
                    {
                        try
                        {
                            _stream.Flush();
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already by an earlier close: nothing is left to flush.
                        }
                        finally
                        {
                            _stream.Close();
                        }

                        break;
                    }
                    Console.WriteLine(read);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_TwoReadsInOneLoop_FixAllGivesEachItsOwnName() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Frames(Socket s, byte[] header, byte[] body)
                {
                    while (true)
                    {
                        [|s.Receive(header)|];
                        [|s.Receive(body)|];
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Frames(Socket s, byte[] header, byte[] body)
                {
                    while (true)
                    {
                        var n = s.Receive(header);
                        if (n == 0)
                        {
                            try
                            {
                                s.Shutdown(SocketShutdown.Both);
                            }
                            catch (SocketException)
                            {
                                // The peer reset the connection already: nothing is left to shut down.
                            }
                            catch (ObjectDisposedException)
                            {
                                // Closed already: through a wrapper that owned it, or by an earlier close.
                            }
                            finally
                            {
                                s.Close();
                            }

                            break;
                        }
                        var n2 = s.Receive(body);
                        if (n2 == 0)
                        {
                            try
                            {
                                s.Shutdown(SocketShutdown.Both);
                            }
                            catch (SocketException)
                            {
                                // The peer reset the connection already: nothing is left to shut down.
                            }
                            catch (ObjectDisposedException)
                            {
                                // Closed already: through a wrapper that owned it, or by an earlier close.
                            }
                            finally
                            {
                                s.Close();
                            }

                            break;
                        }
                    }
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_DiscardedReadLine_OnCSharp73AndNetStandard20() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                async Task SkipHeaders(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    while (true)
                    {
                        await [|reader.ReadLineAsync()|].ConfigureAwait(false);
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                async Task SkipHeaders(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    while (true)
                    {
                        var line = await reader.ReadLineAsync().ConfigureAwait(false);
                        if (line == null)
                        {
                            try
                            {
                                client.Client?.Shutdown(SocketShutdown.Both);
                            }
                            catch (SocketException)
                            {
                                // The peer reset the connection already: nothing is left to shut down.
                            }
                            catch (ObjectDisposedException)
                            {
                                // Closed already: through a wrapper that owned it, or by an earlier close.
                            }
                            finally
                            {
                                client.Close();
                            }

                            break;
                        }
                    }
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
    }.RunAsync();

    [Fact]
    public Task NoFix_WhereBreakWouldNotLeaveTheLoop()
    {
        var source = Usings + """
            class Server
            {
                void InSwitch(Socket s, byte[] b, int mode)
                {
                    while (true)
                    {
                        switch (mode)
                        {
                            case 1:
                                [|s.Receive(b)|];
                                break;
                        }
                    }
                }

                void InFinally(Socket s, byte[] b)
                {
                    while (true)
                    {
                        try { Console.WriteLine(); }
                        finally { [|s.Receive(b)|]; }
                    }
                }
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    [Fact]
    public Task NoFix_WhereReadingFirstWouldChangeTheOrder()
    {
        var source = Usings + """
            class Server
            {
                int Next() => 1;
                void Process(int a, int b) { }

                void SideEffectBefore(Socket s, byte[] b)
                {
                    while (true) { Process(Next(), [|s.Receive(b)|]); }
                }

                void Conditional(Socket s, byte[] b, bool flag)
                {
                    while (true) { var n = flag ? [|s.Receive(b)|] : 0; Console.WriteLine(n); }
                }

                void InACondition(Socket s, byte[] b)
                {
                    while (true) { if ([|s.Receive(b)|] > 100) Console.WriteLine(); }
                }
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    [Fact]
    public Task NoFix_WhereALoopThatCouldNotEndBeforeWouldBreakTheBuild()
    {
        var source = Usings + """
            class Server
            {
                int NeedsAValueAtTheEnd(Socket s, byte[] b)
                {
                    while (true) { [|s.Receive(b)|]; }
                }

                void SectionWouldFallThrough(Socket s, byte[] b, int mode)
                {
                    switch (mode)
                    {
                        case 1:
                            while (true) { [|s.Receive(b)|]; }
                        default:
                            return;
                    }
                }

                void LocalOnlyTheLoopAssigns(Socket s, byte[] b)
                {
                    int last;
                    while (true) { last = b[0]; [|s.Receive(b)|]; }
                    Console.WriteLine(last);
                }
            }
            """;
        return new Verify.Test { TestCode = source, FixedCode = source }.RunAsync();
    }

    [Fact]
    public Task Fix_LoopThatCouldNotEndBefore_WhenWhatFollowsStillCompiles() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                int Pump(Socket s, byte[] b)
                {
                    using (s)
                    {
                        while (true) { [|s.Receive(b)|]; }
                    }
                    return 0;
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                int Pump(Socket s, byte[] b)
                {
                    using (s)
                    {
                        while (true) {
                            var n = s.Receive(b);
                            if (n == 0)
                            {
                                try
                                {
                                    s.Shutdown(SocketShutdown.Both);
                                }
                                catch (SocketException)
                                {
                                    // The peer reset the connection already: nothing is left to shut down.
                                }
                                catch (ObjectDisposedException)
                                {
                                    // Closed already: through a wrapper that owned it, or by an earlier close.
                                }
                                finally
                                {
                                    s.Close();
                                }

                                break;
                            }
                        }
                    }
                    return 0;
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_TopLevelStatements_ShareOneScopeForNewNames() => new Verify.Test
    {
        TestCode = """
            using System.Net.Sockets;

            var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var buffer = new byte[16];
            while (buffer.Length > 0) { [|s.Receive(buffer)|]; }
            var n = 0;
            while (n >= 0) { [|s.Receive(buffer)|]; }
            """,
        FixedCode = """
            using System.Net.Sockets;

            var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var buffer = new byte[16];
            while (buffer.Length > 0) {
                var n2 = s.Receive(buffer);
                if (n2 == 0)
                {
                    try
                    {
                        s.Shutdown(SocketShutdown.Both);
                    }
                    catch (SocketException)
                    {
                        // The peer reset the connection already: nothing is left to shut down.
                    }
                    catch (System.ObjectDisposedException)
                    {
                        // Closed already: through a wrapper that owned it, or by an earlier close.
                    }
                    finally
                    {
                        s.Close();
                    }

                    break;
                }
            }
            var n = 0;
            while (n >= 0) {
                var n3 = s.Receive(buffer);
                if (n3 == 0)
                {
                    try
                    {
                        s.Shutdown(SocketShutdown.Both);
                    }
                    catch (SocketException)
                    {
                        // The peer reset the connection already: nothing is left to shut down.
                    }
                    catch (System.ObjectDisposedException)
                    {
                        // Closed already: through a wrapper that owned it, or by an earlier close.
                    }
                    finally
                    {
                        s.Close();
                    }

                    break;
                }
            }
            """,
        TestState = { OutputKind = OutputKind.ConsoleApplication },
    }.RunAsync();

    [Fact]
    public Task CSharp73AndNetStandard20() => new Verify.Test
    {
        TestCode = """
            using System;
            using System.Net.Sockets;

            class Server
            {
                void Pump(Socket s, byte[] buffer)
                {
                    int n;
                    while ((n = s.Receive(buffer)) > 0) { Console.WriteLine(n); }
                    while (true) { [|s.Receive(buffer)|]; }
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
    }.RunAsync();

    [Fact]
    public Task HalfTypedCodeIsNotJudgedAndDoesNotThrow() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Pump(Socket s, byte[] b)
                {
                    while (true) { var n = s.Receive(missing); if (unknown == 0) break; }
                    while (x) { s.Recieve(b); }
                    while (true) { var n = s.Receive(b); if (n == 0) goto done; }
                    for (;;) { Foo f = s.Receive(b); }
                    while (true) { s.Receive(b) }
                }
            }
            """,
        AllowCompilerErrors = true,
    }.RunAsync();
}
