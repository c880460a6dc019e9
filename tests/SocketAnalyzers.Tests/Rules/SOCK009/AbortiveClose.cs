using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Rules;
using SocketAnalyzers.TestSupport;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.AbortiveCloseAnalyzer>;

namespace SocketAnalyzers.Tests.Rules.SOCK009;

/// <summary>
/// SOCK009 is off by default; the verifier turns on descriptors that are off by default, so these tests see it.
/// The configuration tests at the end build the code as a project does, where only .editorconfig turns it on.
/// </summary>
public abstract class AbortiveClose
{
    protected const string Usings = """
        using System;
        using System.Net.Sockets;

        """;

    protected static async Task<ImmutableArray<Diagnostic>> AnalyzeAsProjectAsync(string? editorConfig)
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
}
