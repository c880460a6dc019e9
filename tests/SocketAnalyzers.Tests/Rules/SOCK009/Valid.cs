using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.AbortiveCloseAnalyzer>;

namespace SocketAnalyzers.Tests.Rules.SOCK009;

/// <summary>Code that looks like SOCK009 and is right: no diagnostic.</summary>
public sealed class Valid : AbortiveClose
{
    [Fact]
    public Task GracefulLingerAndClosesAreNotReported() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Configure(Socket s, TcpClient client, int seconds)
            {
                s.LingerState = new LingerOption(true, 5);
                s.LingerState = new LingerOption(false, 0);
                s.LingerState = new LingerOption(true, seconds);
                client.LingerState = new LingerOption(false, 0);
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 5));
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(false, 0));
                s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, 0);
                s.Close(5);
                s.Close();
                client.Close();
            }
        }
        """);

    [Fact]
    public Task OptionChangedAfterItWasAppliedIsNotReported() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Configure(Socket s)
            {
                var linger = new LingerOption(true, 10);
                s.LingerState = linger;
                linger.LingerTime = 0;
                var off = new LingerOption(true, 0);
                off.Enabled = false;
                s.LingerState = off;
            }
        }
        """);

    /// <summary>The getter returns a copy, so this changes nothing on the socket (the close stays graceful).</summary>
    [Fact]
    public Task ChangingTheCopyTheGetterReturnsIsNotReported() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Configure(Socket s)
            {
                s.LingerState.Enabled = true;
                s.LingerState.LingerTime = 0;
            }
        }
        """);

    [Fact]
    public Task LingerOptionOfOtherTypesAndUnrelatedCloseAreNotReported() => Verify.VerifyAnalyzerAsync(Usings + """
        class Other
        {
            public LingerOption LingerState { get; set; }
            public void Close(int timeout) { }
        }

        class Server
        {
            void Configure(Other other, System.IO.Stream stream)
            {
                other.LingerState = new LingerOption(true, 0);
                other.Close(0);
                stream.Close();
            }
        }
        """);

    [Fact]
    public Task HalfTypedCodeDoesNotThrow() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Configure(Socket s)
                {
                    s.LingerState = new {|CS0246:Linger|}(true, 0);
                    s.LingerState = new LingerOption({|CS0103:enabled|}, 0);
                    s.{|CS1501:Close|}(0, 1);
                    s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, {|CS0103:unknown|});
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task EditorConfigCanTurnItOffAgain() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Reject(Socket s) { s.Close(0); }
            }
            """,
        EditorConfig = "root = true\n\n[*.cs]\ndotnet_diagnostic.SOCK009.severity = none\n",
    }.RunAsync();
}
