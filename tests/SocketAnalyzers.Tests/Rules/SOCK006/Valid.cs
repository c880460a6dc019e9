using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ZeroByteReadNotEndOfStreamAnalyzer,
    SocketAnalyzers.CodeFixes.ZeroByteReadNotEndOfStreamCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK006;

/// <summary>Code that looks like SOCK006 and is right: no diagnostic.</summary>
public sealed class Valid : ZeroByteReadNotEndOfStream
{
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

    /// <summary>
    /// A throw expression on the end-of-stream value leaves the loop: the graph follows it (the syntax walk that came
    /// before the shared graph reported these).
    /// </summary>
    [Fact]
    public Task ThrowExpressionsOnTheEndOfStream() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Lines(StreamReader r) { while (true) { var line = r.ReadLine() ?? throw new IOException("closed"); Console.WriteLine(line); } }
            void Count(Socket s, byte[] b) { while (true) { var n = s.Receive(b); _ = n == 0 ? throw new IOException("closed") : 1; Console.WriteLine(n); } }
        }
        """);

    /// <summary>
    /// A loop of fixed count ends even when every read returns 0: no spin, no CLOSE_WAIT (s7netplus's test server
    /// answers a fixed list of requests with a foreach, each round one Receive).
    /// </summary>
    [Fact]
    public Task FixedCountLoops() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void ForeachOverPairs(Socket s, System.Collections.Generic.List<string> answers, byte[] b) { foreach (var answer in answers) { var n = s.Receive(b); s.Send(Encoding.ASCII.GetBytes(answer + n)); } }
            void ForeachOverChunks(Socket s, byte[][] chunks) { foreach (var chunk in chunks) { s.Receive(chunk); } }
            void CountedFor(NetworkStream ns, byte[] b, int frames) { for (var i = 0; i < frames; i++) { ns.Read(b, 0, b.Length); } }
            void CountedDown(NetworkStream ns, byte[] b) { for (int i = b.Length; i > 0; i -= 4) { ns.Read(b, 0, 4); } }
            void BoundFirst(NetworkStream ns, byte[] b) { for (var i = 0; 10 > i; ++i) { ns.ReadByte(); } }
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
