using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.TestSupport;
using Xunit;

namespace SocketAnalyzers.Tests.Verifiers;

/// <summary>
/// Runs one analyzer on one file the way a project build does: a rule that is off by default stays off unless the
/// .editorconfig turns it on. The official harness turns such rules on through the compilation's options, which
/// hides what a user's .editorconfig does; tests of configuration use this instead.
/// </summary>
internal static class ProjectBuildAnalysis
{
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(DiagnosticAnalyzer analyzer, string source, string? editorConfig)
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
        solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "Server.cs", SourceText.From(source), filePath: "/src/Server.cs");
        if (editorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(editorConfig), filePath: "/src/.editorconfig");
        }

        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return await compilation
            .WithAnalyzers(ImmutableArray.Create(analyzer), project.AnalyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
    }
}
