using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.Rules;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.AbortiveCloseAnalyzer>;

namespace SocketAnalyzers.Tests.Rules.SOCK009;

/// <summary>SOCK009 reports these.</summary>
public sealed class Diagnostics : AbortiveClose
{
    [Fact]
    public Task LingerStateOnWithZeroTimeout_Socket() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Reject(Socket s)
            {
                [|s.LingerState = new LingerOption(true, 0)|];
                s.Close();
            }
        }
        """);

    [Fact]
    public Task LingerStateOnWithZeroTimeout_TcpClientAndItsSocket() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Reject(TcpClient client)
            {
                [|client.LingerState = new LingerOption(true, 0)|];
                [|client.Client.LingerState = new LingerOption(enable: true, seconds: 0)|];
                client.Close();
            }
        }
        """);

    [Fact]
    public Task ObjectInitializer() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            TcpClient Create() => new TcpClient { NoDelay = true, [|LingerState = new LingerOption(true, 0)|] };
        }
        """);

    [Fact]
    public Task MessageNamesTheConnectionAndTheReset() => Verify.VerifyAnalyzerAsync(
        Usings + """
        class Server
        {
            void Reject(Socket socket) { {|#0:socket.LingerState = new LingerOption(true, 0)|}; }
        }
        """,
        Verify.Diagnostic()
            .WithLocation(0)
            .WithSeverity(DiagnosticSeverity.Info)
            .WithMessage("Closing 'socket' is abortive (linger on with a timeout of 0): the peer sees a reset (ConnectionReset) instead of an end of stream, and data not yet sent is lost"));

    [Fact]
    public Task LingerTimeSetToZeroOnAnEnabledOptionThatIsApplied() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void FromEnabledConstructor(Socket s)
            {
                var linger = new LingerOption(true, 10);
                linger.LingerTime = 0;
                [|s.LingerState = linger|];
            }

            void EnabledLater(Socket s)
            {
                LingerOption linger = s.LingerState;
                linger.LingerTime = 0;
                linger.Enabled = true;
                [|s.LingerState = linger|];
            }

            void ObjectInitializerOverridesTheConstructor(Socket s)
            {
                [|s.LingerState = new LingerOption(false, 10) { Enabled = true, LingerTime = 0 }|];
            }
        }
        """);

    [Fact]
    public Task CloseWithZeroTimeout() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Reject(Socket s)
            {
                [|s.Close(0)|];
            }

            void Named(Socket s) { [|s.Close(timeout: 0)|]; }
        }
        """);

    [Fact]
    public Task SetSocketOptionLinger() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Reject(Socket s)
            {
                [|s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0))|];
                var abort = new LingerOption(true, 0);
                [|s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, abort)|];
            }
        }
        """);

    [Fact]
    public Task WorksOnCSharp73AndNetStandard20() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Reject(Socket s)
                {
                    [|s.LingerState = new LingerOption(true, 0)|];
                    [|s.Close(0)|];
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
    }.RunAsync();

    /// <summary>
    /// Off by default for real: built like a project is (no compilation-level options, so not through the verifier,
    /// which turns such rules on), nothing is reported until .editorconfig names the rule.
    /// </summary>
    [Fact]
    public async Task IsSilentWithoutConfiguration()
    {
        var diagnostics = await AnalyzeAsProjectAsync(editorConfig: null);

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    [InlineData("error", DiagnosticSeverity.Error)]
    public async Task EditorConfigTurnsItOnWithTheChosenSeverity(string severity, DiagnosticSeverity expected)
    {
        var diagnostics = await AnalyzeAsProjectAsync("root = true\n\n[*.cs]\ndotnet_diagnostic.SOCK009.severity = " + severity + "\n");

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SOCK009", diagnostic.Id);
        Assert.Equal(expected, diagnostic.Severity);
        Assert.Equal("s.Close(0)", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void IsInfoAndOffByDefault()
    {
        Assert.Equal(DiagnosticSeverity.Info, AbortiveCloseAnalyzer.Rule.DefaultSeverity);
        Assert.False(AbortiveCloseAnalyzer.Rule.IsEnabledByDefault);
        Assert.Equal("Abortive close by design", AbortiveCloseAnalyzer.Rule.Title.ToString());
    }
}
