using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.WriteAfterConnectionErrorAnalyzer,
    SocketAnalyzers.CodeFixes.WriteAfterConnectionErrorCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK001;

/// <summary>The SOCK001 code fix, one diagnostic at a time and FixAll.</summary>
public sealed class CodeFix : WriteAfterConnectionError
{
    [Fact]
    public Task Fix_ErrorReplyInVoidMethodReturns() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException)
                {
                    [|s.Send(Encoding.ASCII.GetBytes("ERR"))|];
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException)
                {
                    return;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_InsideALoopBreaks_AndKeepsTheStatementsAfter() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            int Pump(Socket s, byte[] b)
            {
                var sent = 0;
                while (sent < 10)
                {
                    try { sent += [|s.Send(b)|]; }
                    catch (SocketException e)
                    {
                        [|s.Send(b)|];
                        Console.WriteLine(e.SocketErrorCode);
                    }
                }

                return sent;
            }
        }
        """, Usings + """
        class Server
        {
            int Pump(Socket s, byte[] b)
            {
                var sent = 0;
                while (sent < 10)
                {
                    try { sent += s.Send(b); }
                    catch (SocketException e)
                    {
                        Console.WriteLine(e.SocketErrorCode);
                        break;
                    }
                }

                return sent;
            }
        }
        """);

    [Fact]
    public Task Fix_ValueReturningMethodRethrows() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            int Handle(Socket s, byte[] b)
            {
                try { return s.Send(b); }
                catch (SocketException)
                {
                    [|s.Send(b)|];
                    throw;
                }
            }
        }
        """, Usings + """
        class Server
        {
            int Handle(Socket s, byte[] b)
            {
                try { return s.Send(b); }
                catch (SocketException)
                {
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_WriterOverClientStreamClosesWriterThenClient() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            async Task Handle(TcpClient client)
            {
                var writer = new StreamWriter(client.GetStream());
                try { await writer.WriteLineAsync("hello"); await writer.FlushAsync(); }
                catch (IOException)
                {
                    await [|writer.WriteLineAsync("bye")|];
                }
            }
        }
        """, Usings + """
        class Server
        {
            async Task Handle(TcpClient client)
            {
                var writer = new StreamWriter(client.GetStream());
                try { await writer.WriteLineAsync("hello"); await writer.FlushAsync(); }
                catch (IOException)
                {
                    return;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_NoFixWhereOnlyAReturnValueWouldLeave() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            int Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException) { }
                [|s.Send(b)|];
                return 0;
            }
        }
        """, Usings + """
        class Server
        {
            int Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException) { }
                [|s.Send(b)|];
                return 0;
            }
        }
        """);

    [Fact]
    public Task Fix_FixAllAcrossMethods_CSharp7_3() => new Verify.Test
    {
        LanguageVersion = LanguageVersion.CSharp7_3,
        TestCode = Usings + """
            class Server
            {
                void A(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException) { [|s.Send(b)|]; }
                }

                void B(Socket s, byte[] b)
                {
                    for (int i = 0; i < 2; i++)
                    {
                        try { [|s.Send(b)|]; }
                        catch (SocketException) { [|s.Send(b)|]; }
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void A(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException) {
                        return;
                    }
                }

                void B(Socket s, byte[] b)
                {
                    for (int i = 0; i < 2; i++)
                    {
                        try { s.Send(b); }
                        catch (SocketException) {
                            break;
                        }
                    }
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_InLambdaAndLocalFunctionReturns() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                Action onData = () =>
                {
                    try { s.Send(b); }
                    catch (SocketException) { [|s.Send(b)|]; }
                };
                Func<Task> onDataAsync = async () =>
                {
                    try { await s.SendAsync(b, SocketFlags.None); }
                    catch (SocketException) { await [|s.SendAsync(b, SocketFlags.None)|]; }
                };

                void Local()
                {
                    try { s.Send(b); }
                    catch (SocketException) { [|s.Send(b)|]; }
                }

                onData();
                onDataAsync();
                Local();
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                Action onData = () =>
                {
                    try { s.Send(b); }
                    catch (SocketException) {
                        return;
                    }
                };
                Func<Task> onDataAsync = async () =>
                {
                    try { await s.SendAsync(b, SocketFlags.None); }
                    catch (SocketException) {
                        return;
                    }
                };

                void Local()
                {
                    try { s.Send(b); }
                    catch (SocketException) {
                        return;
                    }
                }

                onData();
                onDataAsync();
                Local();
            }
        }
        """);

    [Fact]
    public Task Fix_InASwitchSectionInsideALoopReturnsInsteadOfBreaking() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                while (true)
                {
                    var n = 0;
                    try { n = s.Receive(b); }
                    catch (SocketException) { }
                    switch (n)
                    {
                        case 0:
                            return;
                        default:
                            [|s.Send(b, 0, n, SocketFlags.None)|];
                            break;
                    }
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                while (true)
                {
                    var n = 0;
                    try { n = s.Receive(b); }
                    catch (SocketException) { }
                    switch (n)
                    {
                        case 0:
                            return;
                        default:
                            return;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_InAnAcceptLoopContinuesWithTheNextClient() => Verify.VerifyCodeFixAsync(Usings + """
        using System.Net;

        class Server
        {
            void Serve(TcpListener listener, byte[] b)
            {
                while (true)
                {
                    var client = listener.AcceptTcpClient();
                    var stream = client.GetStream();
                    try { stream.Read(b, 0, b.Length); }
                    catch (IOException)
                    {
                        [|stream.Write(b, 0, 1)|];
                    }

                    client.Close();
                }
            }
        }
        """, Usings + """
        using System.Net;

        class Server
        {
            void Serve(TcpListener listener, byte[] b)
            {
                while (true)
                {
                    var client = listener.AcceptTcpClient();
                    var stream = client.GetStream();
                    try { stream.Read(b, 0, b.Length); }
                    catch (IOException)
                    {
                        client.Dispose();
                        continue;
                    }

                    client.Close();
                }
            }
        }
        """);

    /// <summary>
    /// The reply sits under a lock and the catch goes on with bookkeeping (the demo's chat session): the write and its
    /// emptied lock go, the bookkeeping still runs, and the catch's own return is the exit.
    /// </summary>
    [Fact]
    public Task Fix_UnderALock_KeepsTheBookkeepingAfterIt() => Verify.VerifyCodeFixAsync(Usings + """
        using System.Collections.Generic;

        class Session
        {
            readonly object _gate = new object();
            readonly List<Session> _sessions = new List<Session>();

            void Run(TcpClient client)
            {
                var reader = new StreamReader(client.GetStream());
                var writer = new StreamWriter(client.GetStream());
                try { Console.WriteLine(reader.ReadLine()); }
                catch (IOException e)
                {
                    Console.WriteLine(e.Message);
                    lock (_gate)
                    {
                        [|writer.WriteLine("ERR " + e.Message)|];
                    }

                    _sessions.Remove(this);
                    return;
                }

                _sessions.Remove(this);
            }

            void Log(TcpClient client)
            {
                var reader = new StreamReader(client.GetStream());
                var writer = new StreamWriter(client.GetStream());
                try { Console.WriteLine(reader.ReadLine()); }
                catch (IOException)
                {
                    lock (_gate)
                    {
                        [|writer.WriteLine("ERR")|];
                    }

                    Console.WriteLine("lost");
                }

                Console.WriteLine("done");
            }
        }
        """, Usings + """
        using System.Collections.Generic;

        class Session
        {
            readonly object _gate = new object();
            readonly List<Session> _sessions = new List<Session>();

            void Run(TcpClient client)
            {
                var reader = new StreamReader(client.GetStream());
                var writer = new StreamWriter(client.GetStream());
                try { Console.WriteLine(reader.ReadLine()); }
                catch (IOException e)
                {
                    Console.WriteLine(e.Message);

                    _sessions.Remove(this);
                    return;
                }

                _sessions.Remove(this);
            }

            void Log(TcpClient client)
            {
                var reader = new StreamReader(client.GetStream());
                var writer = new StreamWriter(client.GetStream());
                try { Console.WriteLine(reader.ReadLine()); }
                catch (IOException)
                {

                    Console.WriteLine("lost");
                    return;
                }

                Console.WriteLine("done");
            }
        }
        """);

    /// <summary>
    /// An accepted client already handed to a task that still uses it is not the method's to close: the fix only
    /// leaves (closing it would break the task).
    /// </summary>
    [Fact]
    public Task Fix_ClientHandedToATask_OnlyLeaves() => Verify.VerifyCodeFixAsync(Usings + """
        using System.Net;

        class Server
        {
            void Serve(TcpListener listener, byte[] b)
            {
                var client = listener.AcceptTcpClient();
                Task.Run(() => Pump(client));
                var stream = client.GetStream();
                try { stream.Read(b, 0, b.Length); }
                catch (IOException)
                {
                    [|stream.Write(b, 0, 1)|];
                }
            }

            void Pump(TcpClient client) { }
        }
        """, Usings + """
        using System.Net;

        class Server
        {
            void Serve(TcpListener listener, byte[] b)
            {
                var client = listener.AcceptTcpClient();
                Task.Run(() => Pump(client));
                var stream = client.GetStream();
                try { stream.Read(b, 0, b.Length); }
                catch (IOException)
                {
                    return;
                }
            }

            void Pump(TcpClient client) { }
        }
        """);

    [Fact]
    public Task Fix_InAForeachOverClientsContinuesWithTheNextOne() => Verify.VerifyCodeFixAsync(Usings + """
        using System.Collections.Generic;

        class Hub
        {
            void Broadcast(List<Socket> clients, byte[] b)
            {
                foreach (var client in clients)
                {
                    try { client.Send(b); }
                    catch (SocketException)
                    {
                        [|client.Send(Encoding.ASCII.GetBytes("ERR"))|];
                    }
                }
            }
        }
        """, Usings + """
        using System.Collections.Generic;

        class Hub
        {
            void Broadcast(List<Socket> clients, byte[] b)
            {
                foreach (var client in clients)
                {
                    try { client.Send(b); }
                    catch (SocketException)
                    {
                        continue;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_ContinueOnTheSameConnectionBecomesBreak() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Pump(Socket s, byte[] b)
            {
                while (true)
                {
                    int n;
                    try { n = s.Receive(b); }
                    catch (SocketException)
                    {
                        [|s.Send(Encoding.ASCII.GetBytes("ERR"))|];
                        continue;
                    }

                    if (n == 0) break;
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Pump(Socket s, byte[] b)
            {
                while (true)
                {
                    int n;
                    try { n = s.Receive(b); }
                    catch (SocketException)
                    {
                        break;
                    }

                    if (n == 0) break;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_TheRestOfTheReplyGoesWithTheWrite() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            async Task Handle(TcpClient client)
            {
                var writer = new StreamWriter(client.GetStream());
                try { await writer.WriteLineAsync("hello"); await writer.FlushAsync(); }
                catch (IOException e)
                {
                    [|writer.WriteLine("ERR")|];
                    await [|writer.FlushAsync()|].ConfigureAwait(false);
                    Console.WriteLine(e.Message);
                }
            }
        }
        """, Usings + """
        class Server
        {
            async Task Handle(TcpClient client)
            {
                var writer = new StreamWriter(client.GetStream());
                try { await writer.WriteLineAsync("hello"); await writer.FlushAsync(); }
                catch (IOException e)
                {
                    Console.WriteLine(e.Message);
                    return;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_NoFixInAnIteratorOutsideTheCatch() => Verify.VerifyCodeFixAsync(Usings + """
        using System.Collections.Generic;

        class Server
        {
            IEnumerable<int> Pump(Socket s, byte[] b)
            {
                var n = 0;
                try { n = s.Receive(b); }
                catch (SocketException) { }
                [|s.Send(b)|];
                yield return n;
            }
        }
        """, Usings + """
        using System.Collections.Generic;

        class Server
        {
            IEnumerable<int> Pump(Socket s, byte[] b)
            {
                var n = 0;
                try { n = s.Receive(b); }
                catch (SocketException) { }
                [|s.Send(b)|];
                yield return n;
            }
        }
        """);

    [Fact]
    public Task Fix_NoFixInAFinally() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException) { }
                finally { [|s.Send(b)|]; }
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException) { }
                finally { [|s.Send(b)|]; }
            }
        }
        """);

    [Fact]
    public Task Fix_NoFixForARetriedWriteInsideTheTry() => Verify.VerifyCodeFixAsync(Usings + """
        class Client
        {
            void Send(Socket s, byte[] b)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try { [|s.Send(b)|]; return; }
                    catch (SocketException) { Thread.Sleep(100); }
                }
            }
        }
        """, Usings + """
        class Client
        {
            void Send(Socket s, byte[] b)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try { [|s.Send(b)|]; return; }
                    catch (SocketException) { Thread.Sleep(100); }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_AwaitConfigureAwaitStatementForm() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            async Task Handle(NetworkStream ns, byte[] b)
            {
                try { await ns.ReadAsync(b, 0, b.Length).ConfigureAwait(false); }
                catch (IOException)
                {
                    await [|ns.WriteAsync(b, 0, b.Length)|].ConfigureAwait(false);
                }
            }
        }
        """, Usings + """
        class Server
        {
            async Task Handle(NetworkStream ns, byte[] b)
            {
                try { await ns.ReadAsync(b, 0, b.Length).ConfigureAwait(false); }
                catch (IOException)
                {
                    return;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_CSharp7_3_NetStandard20_WriterOverAStream() => new Verify.Test
    {
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket s, byte[] b)
                {
                    var writer = new StreamWriter(new NetworkStream(s));
                    try { writer.Write("hello"); writer.Flush(); }
                    catch (IOException)
                    {
                        [|writer.Write("bye")|];
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Handle(Socket s, byte[] b)
                {
                    var writer = new StreamWriter(new NetworkStream(s));
                    try { writer.Write("hello"); writer.Flush(); }
                    catch (IOException)
                    {
                        return;
                    }
                }
            }
            """,
    }.RunAsync();
}
