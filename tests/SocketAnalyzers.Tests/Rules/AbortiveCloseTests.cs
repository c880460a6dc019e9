using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Rules;
using SocketAnalyzers.TestSupport;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.AbortiveCloseAnalyzer>;

namespace SocketAnalyzers.Tests.Rules;

/// <summary>
/// SOCK009 is off by default; the verifier turns on descriptors that are off by default, so these tests see it.
/// The configuration tests at the end build the code as a project does, where only .editorconfig turns it on.
/// </summary>
public class AbortiveCloseTests
{
    private const string Usings = """
        using System;
        using System.Net.Sockets;

        """;

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

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsProjectAsync(string? editorConfig)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Project",
            "Project",
            LanguageNames.CSharp,
            filePath: "/src/Project.csproj",
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            metadataReferences: TestReferences.Net100));
        solution = solution.AddDocument(
            DocumentId.CreateNewId(projectId),
            "Server.cs",
            SourceText.From(Usings + "class Server { void Reject(Socket s) { s.Close(0); } }"),
            filePath: "/src/Server.cs");
        if (editorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(editorConfig), filePath: "/src/.editorconfig");
        }

        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new AbortiveCloseAnalyzer()), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
    }

    [Fact]
    public void IsInfoAndOffByDefault()
    {
        Assert.Equal(DiagnosticSeverity.Info, AbortiveCloseAnalyzer.Rule.DefaultSeverity);
        Assert.False(AbortiveCloseAnalyzer.Rule.IsEnabledByDefault);
        Assert.Equal("Abortive close by design", AbortiveCloseAnalyzer.Rule.Title.ToString());
    }
}
