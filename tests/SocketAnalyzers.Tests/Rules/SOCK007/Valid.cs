using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.WriteAfterShutdownAnalyzer>;

namespace SocketAnalyzers.Tests.Rules.SOCK007;

/// <summary>Code that looks like SOCK007 and is right: no diagnostic.</summary>
public sealed class Valid : WriteAfterShutdown
{
    [Fact]
    public Task ShutdownReceiveOnlyKeepsSending() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                s.Shutdown(SocketShutdown.Receive);
                s.Send(b);
            }
        }
        """);

    [Fact]
    public Task ShutdownAfterTheLastWrite() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[][] messages, byte[] buffer)
            {
                foreach (var message in messages)
                {
                    s.Send(message);
                }

                s.Shutdown(SocketShutdown.Send);
                while (s.Receive(buffer) > 0) { }
                s.Close();
            }
        }
        """);

    [Fact]
    public Task WriteToAnotherSocket() => Verify.VerifyAnalyzerAsync(Usings + """
        class Proxy
        {
            void Forward(Socket upstream, Socket downstream, byte[] b)
            {
                upstream.Shutdown(SocketShutdown.Send);
                downstream.Send(b);
                new NetworkStream(downstream).Write(b, 0, b.Length);
            }
        }
        """);

    [Fact]
    public Task ReassignedToANewConnection() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            void Run(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                s.Send(b);
                s.Shutdown(SocketShutdown.Send);
                s.Close();
                s = listener.Accept();
                s.Send(b);
            }
        }
        """);

    [Fact]
    public Task ShutdownOnTheOtherBranchOnly() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b, bool done)
            {
                while (true)
                {
                    if (done)
                    {
                        s.Shutdown(SocketShutdown.Send);
                        break;
                    }

                    s.Send(b);
                }
            }
        }
        """);

    /// <summary>Decision: a direction only known at run time may be Receive, so the write is not reported.</summary>
    [Fact]
    public Task DirectionNotKnownAtCompileTime() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b, SocketShutdown how, bool last)
            {
                s.Shutdown(how);
                s.Send(b);
                s.Shutdown(last ? SocketShutdown.Both : SocketShutdown.Receive);
                s.Send(b);
            }
        }
        """);

    [Fact]
    public Task ReadsAfterShutdownSendAreFine() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            async Task<string> RequestAsync(TcpClient client, byte[] request)
            {
                var stream = client.GetStream();
                await stream.WriteAsync(request, 0, request.Length);
                await stream.FlushAsync();
                client.Client.Shutdown(SocketShutdown.Send);
                using (var reader = new StreamReader(stream))
                {
                    return await reader.ReadToEndAsync();
                }
            }
        }
        """);

    [Fact]
    public Task ShutdownInALambdaDoesNotLeakIntoTheCaller() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                Action finish = () => s.Shutdown(SocketShutdown.Send);
                s.Send(b);
                finish();
            }
        }
        """);

    [Fact]
    public Task BrokenCodeDoesNotCrash() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket s, byte[] b)
                {
                    s.Shutdown(SocketShutdown.{|CS0117:Sending|});
                    s.Send(b);
                    s.Shutdown({|CS0103:unknown|});
                    {|CS0103:undefined|}.Send(b);
                    s.{|CS1061:Sen|}(b);
                }
            }
            """,
    }.RunAsync();
}
