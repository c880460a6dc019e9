using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Sock005 = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConnectionNotClosedAnalyzer,
    SocketAnalyzers.CodeFixes.ConnectionNotClosedCodeFix>;
using Sock006 = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ZeroByteReadNotEndOfStreamAnalyzer,
    SocketAnalyzers.CodeFixes.ZeroByteReadNotEndOfStreamCodeFix>;

namespace SocketAnalyzers.Tests.Fixes;

/// <summary>
/// A file indented with tabs gets tabs in what a fix inserts and in what it wraps, with no .editorconfig saying so
/// (formatting would otherwise default to spaces).
/// </summary>
public sealed class TabIndentationTests
{
    private static string Tabs(string source) => source.Replace("    ", "\t");

    [Fact]
    public Task InsertedBlockUsesTabs() => Sock006.VerifyCodeFixAsync(Tabs("""
        using System;
        using System.Net.Sockets;

        class Server
        {
            void Serve(Socket listener, byte[] buffer)
            {
                var s = listener.Accept();
                while (true)
                {
                    [|s.Receive(buffer)|];
                    Console.WriteLine(buffer[0]);
                }
            }
        }
        """), Tabs("""
        using System;
        using System.Net.Sockets;

        class Server
        {
            void Serve(Socket listener, byte[] buffer)
            {
                var s = listener.Accept();
                while (true)
                {
                    var n = s.Receive(buffer);
                    if (n == 0)
                    {
                        s.Dispose();
                        break;
                    }
                    Console.WriteLine(buffer[0]);
                }
            }
        }
        """));

    [Fact]
    public Task WrappedStatementsAreReindentedWithTabs() => new Sock005.Test
    {
        TestCode = Tabs("""
            using System;
            using System.Net.Sockets;

            class Server
            {
                void Handle(TcpListener listener, byte[] b)
                {
                    var client = [|listener.AcceptTcpClient()|];
                    var stream = client.GetStream();
                    stream.Write(b, 0, b.Length);
                }
            }
            """),
        FixedCode = Tabs("""
            using System;
            using System.Net.Sockets;

            class Server
            {
                void Handle(TcpListener listener, byte[] b)
                {
                    using (var client = listener.AcceptTcpClient())
                    {
                        var stream = client.GetStream();
                        stream.Write(b, 0, b.Length);
                    }
                }
            }
            """),
        LanguageVersion = LanguageVersion.CSharp7_3,
        CodeActionEquivalenceKey = SocketAnalyzers.CodeFixes.ConnectionNotClosedCodeFix.UsingEquivalenceKey,
    }.RunAsync();
}
