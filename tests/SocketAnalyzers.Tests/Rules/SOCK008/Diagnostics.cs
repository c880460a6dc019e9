using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.Rules;
using SocketAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.CloseWithoutShutdownAnalyzer,
    SocketAnalyzers.CodeFixes.CloseWithoutShutdownCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK008;

/// <summary>SOCK008 reports these.</summary>
public sealed class Diagnostics : CloseWithoutShutdown
{
    [Fact]
    public Task ReceiveThenClose() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                s.Receive(b);
                s.Send(b);
                {|#0:s.Close()|};
            }
        }
        """,
        // The argument is what is checked here; the additional location (the declaration of `s`) is the fixer's data.
        Verify.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations).WithArguments("s"));

    [Fact]
    public Task EveryKindOfReadAndClose() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task ReceiveAsyncThenDispose(Socket s, byte[] b)
            {
                await s.ReceiveAsync(new ArraySegment<byte>(b), SocketFlags.None);
                [|s.Dispose()|];
            }

            void StreamReadThenSocketClose(Socket s, byte[] b)
            {
                var ns = new NetworkStream(s);
                ns.Read(b, 0, b.Length);
                [|s.Close()|];
            }

            void ReaderThenSocketClose(Socket s)
            {
                var reader = new StreamReader(new NetworkStream(s));
                reader.ReadLine();
                [|s.Close()|];
            }

            void ClientStreamReadThenItsSocketClosed(TcpClient client, byte[] b)
            {
                client.GetStream().Read(b, 0, b.Length);
                [|client.Client.Close()|];
            }

            void ShutdownReceiveDoesNotSendFin(Socket s, byte[] b)
            {
                s.Receive(b);
                s.Shutdown(SocketShutdown.Receive);
                [|s.Close()|];
            }

            void OnlyOnePathShutsDown(Socket s, byte[] b, bool polite)
            {
                s.Receive(b);
                if (polite)
                {
                    s.Shutdown(SocketShutdown.Send);
                }

                [|s.Close()|];
            }
        }
        """);

    [Fact]
    public Task UsingEndIsReportedAtTheUsingKeyword() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Statement(Socket listener, byte[] b)
            {
                [|using|] (var s = listener.Accept())
                {
                    s.Receive(b);
                    s.Send(b);
                }
            }

            void Declaration(Socket listener, byte[] b)
            {
                [|using|] var s = listener.Accept();
                s.Receive(b);
                s.Send(b);
            }
        }
        """);

    [Fact]
    public Task CatchOfAnotherErrorIsAnOrdinaryPath() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try
                {
                    s.Receive(b);
                    int.Parse(Encoding.ASCII.GetString(b));
                }
                catch (FormatException)
                {
                    s.Send(Encoding.ASCII.GetBytes("bad request"));
                    [|s.Close()|];
                    return;
                }

                s.Shutdown(SocketShutdown.Both);
                s.Close();
            }
        }
        """);

    /// <summary>Off by default (docs/design/SOCK008.md): a build reports nothing until .editorconfig turns it on.</summary>
    [Theory]
    [InlineData(null, null)]
    [InlineData("suggestion", Microsoft.CodeAnalysis.DiagnosticSeverity.Info)]
    [InlineData("warning", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)]
    public async Task OffByDefaultAndTurnedOnByEditorConfig(string? severity, Microsoft.CodeAnalysis.DiagnosticSeverity? expected)
    {
        const string Handler = "class Server { void Handle(Socket s, byte[] b) { s.Receive(b); s.Close(); } }";
        var editorConfig = severity is null ? null : "root = true\n\n[*.cs]\ndotnet_diagnostic.SOCK008.severity = " + severity + "\n";
        var diagnostics = await ProjectBuildAnalysis.AnalyzeAsync(new CloseWithoutShutdownAnalyzer(), Usings + Handler, editorConfig);
        if (expected is null)
        {
            Assert.Empty(diagnostics);
            Assert.False(CloseWithoutShutdownAnalyzer.Rule.IsEnabledByDefault);
            return;
        }

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(expected, diagnostic.Severity);
        Assert.Equal("s.Close()", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public Task CSharp73OnNetStandard20() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket listener, byte[] b)
                {
                    [|using|] (var s = listener.Accept())
                    {
                        s.Receive(b);
                    }
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
    }.RunAsync();
}
