using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ZeroByteReadNotEndOfStreamAnalyzer,
    SocketAnalyzers.CodeFixes.ZeroByteReadNotEndOfStreamCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK006;

/// <summary>SOCK006 reports these.</summary>
public sealed class Diagnostics : ZeroByteReadNotEndOfStream
{
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

    /// <summary>
    /// <c>line?.Length == 0</c> is false when the line is null (the end of the stream), so the loop never leaves there:
    /// only an empty line breaks it.
    /// </summary>
    [Fact]
    public Task NullConditionalLengthTestDoesNotLeaveAtTheEnd() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Lines(TcpClient client)
            {
                var reader = new StreamReader(client.GetStream());
                while (true)
                {
                    var line = [|reader.ReadLine()|];
                    if (line?.Length == 0) break;
                    Console.WriteLine(line);
                }
            }
        }
        """);

    /// <summary>Seen in netmq's tests: the helper only borrows the socket; its callers write after it returns.</summary>
    [Fact]
    public Task ReadLoopInAHelperWhoseCallerWritesAfterIt() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            static byte[] ReadExactly(Socket raw, int count)
            {
                var bytes = new byte[count];
                int read = raw.Receive(bytes);
                while (read < count)
                    read += [|raw.Receive(bytes, read, count - read, SocketFlags.None)|];
                return bytes;
            }

            void Talk(Socket raw)
            {
                ReadExactly(raw, 10);
                raw.Send(new byte[] { 1 });
                ReadExactly(raw, 2);
                raw.Send(new byte[] { 2 });
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
        // The message is what is checked here; the additional location (the declaration of `client`) is the fixer's data.
        Verify.Diagnostic()
            .WithLocation(0)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithSeverity(DiagnosticSeverity.Warning)
            .WithMessage("'client.GetStream().Read' returns 0 at the end of the stream, and the loop does not leave when it does: after the peer closes, every read returns 0 at once, so the loop spins and the socket stays in CLOSE_WAIT"));

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

    /// <summary>
    /// Loops that look counted but are not: the count moves with the read (netmq's test helper adds each Receive to
    /// the bytes read so far), the body resets the counter, or the step runs away from the bound.
    /// </summary>
    [Fact]
    public Task LoopsThatOnlyLookCounted() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void ReadExactly(Socket s, byte[] b, int toRead) { var read = 0; while (read < toRead) { read += [|s.Receive(b, read, toRead - read, SocketFlags.None)|]; } }
            void CounterReset(NetworkStream ns, byte[] b) { for (var i = 0; i < 3; i++) { [|ns.Read(b, 0, b.Length)|]; i = 0; } }
            void WrongDirection(NetworkStream ns, byte[] b) { for (var i = 0; i < 3; i--) { [|ns.Read(b, 0, b.Length)|]; } }
            void BoundMoves(NetworkStream ns, byte[] b, int frames) { for (var i = 0; i < frames; i++) { [|ns.Read(b, 0, b.Length)|]; frames++; } }
        }
        """);

    [Fact]
    public Task LoopInsideALambda() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
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
}
