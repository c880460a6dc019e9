using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.WriteAfterShutdownAnalyzer>;

namespace SocketAnalyzers.Tests.Rules.SOCK007;

/// <summary>SOCK007 reports these.</summary>
public sealed class Diagnostics : WriteAfterShutdown
{
    [Fact]
    public Task ShutdownSendThenSend() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                s.Send(b);
                s.Shutdown(SocketShutdown.Send);
                [|s.Send(Encoding.ASCII.GetBytes("bye"))|];
            }
        }
        """);

    [Fact]
    public Task ShutdownBothThenSend_MessageNamesTheReceiver() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                s.Shutdown(SocketShutdown.Both);
                {|#0:s.Send(b, 0, b.Length, SocketFlags.None)|};
            }
        }
        """, Verify.Diagnostic().WithLocation(0).WithArguments("s"));

    [Fact]
    public Task ShutdownThroughTheSocket_WriteThroughNetworkStreamAndWriter() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                var ns = new NetworkStream(s);
                var writer = new StreamWriter(ns);
                s.Shutdown(SocketShutdown.Send);
                [|ns.Write(b, 0, b.Length)|];
                [|writer.WriteLine("bye")|];
                [|writer.Flush()|];
            }
        }
        """);

    [Fact]
    public Task ShutdownThroughTheTcpClientsSocket_WriteThroughItsStream() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            void Finish(TcpClient client, byte[] b)
            {
                var stream = client.GetStream();
                client.Client.Shutdown(SocketShutdown.Send);
                [|stream.Write(b, 0, b.Length)|];
            }
        }
        """);

    [Fact]
    public Task Async_SendAsyncAndWriteAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task Handle(Socket s, TcpClient client, ReadOnlyMemory<byte> b, CancellationToken ct)
            {
                s.Shutdown(SocketShutdown.Send);
                await [|s.SendAsync(b, SocketFlags.None, ct)|];

                var stream = client.GetStream();
                client.Client.Shutdown(SocketShutdown.Both);
                await [|stream.WriteAsync(b, ct)|].ConfigureAwait(false);
            }
        }
        """);

    [Fact]
    public Task OnSomePathOnly_IfElse() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b, bool last)
            {
                if (last)
                {
                    s.Shutdown(SocketShutdown.Send);
                }
                else
                {
                    Console.WriteLine("more to come");
                }

                [|s.Send(b)|];
            }
        }
        """);

    [Fact]
    public Task InALoop_TheNextIterationWritesAfterTheShutdown() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[][] messages)
            {
                foreach (var message in messages)
                {
                    [|s.Send(message)|];
                    s.Shutdown(SocketShutdown.Send);
                }
            }
        }
        """);

    [Fact]
    public Task SessionHelperThatShutsDownItsField() => Verify.VerifyAnalyzerAsync(Usings + """
        class Session
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; }
            public void Send(byte[] b) => _socket.Send(b);
            public void EndSending() => _socket.Shutdown(SocketShutdown.Send);
        }

        class Server
        {
            void Handle(Session session, byte[] b)
            {
                session.Send(b);
                session.EndSending();
                [|session.Send(b)|];
            }
        }
        """);

    [Fact]
    public Task CSharp7_3_NetStandard20() => new Verify.Test
    {
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket s, byte[] b)
                {
                    using (var ns = new NetworkStream(s, true))
                    {
                        s.Shutdown(SocketShutdown.Both);
                        [|ns.WriteByte(1)|];
                    }
                }
            }
            """,
    }.RunAsync();

    /// <summary>Work the caller awaits is part of what the call does: its shutdown is before the send (issue 17, work not awaited).</summary>
    [Fact]
    public Task ShutdownInAnAwaitedCallee() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Session
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; }

            public async Task FinishAsync()
            {
                await Task.Yield();
                _socket.Shutdown(SocketShutdown.Send);
            }

            public void Send(byte[] b) => _socket.Send(b);
        }

        class Server
        {
            async Task Handle(Session session, byte[] b)
            {
                await session.FinishAsync();
                [|session.Send(b)|];
            }
        }
        """);
}
