using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Testing;

/// <summary>
/// Compiles <see cref="TestCode"/> (plus <see cref="AdditionalSources"/>) in a workspace project, runs
/// <typeparamref name="TAnalyzer"/> on it and checks that exactly the expected diagnostics are reported.
/// Same shape as Microsoft.CodeAnalysis.Testing's <c>AnalyzerTest</c>: set properties, then <see cref="RunAsync"/>.
/// </summary>
public class AnalyzerTest<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>The test document (Test0.cs), with markup for expected diagnostics.</summary>
    public string TestCode { get; set; } = string.Empty;

    public List<DiagnosticResult> ExpectedDiagnostics { get; set; } = new();

    /// <summary>More documents of the test project (Test1.cs, ...); they may contain markup too.</summary>
    public SourceFileList AdditionalSources { get; set; } = new();

    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

    public ReferenceAssemblies ReferenceAssemblies { get; set; } = ReferenceAssemblies.Net100;

    public List<MetadataReference> AdditionalReferences { get; set; } = new();

    /// <summary>
    /// Text of an .editorconfig next to the test documents: <c>dotnet_diagnostic.ID.severity</c> entries apply,
    /// and analyzers read any other key through <c>AnalyzerConfigOptionsProvider</c>.
    /// </summary>
    public string? EditorConfig { get; set; }

    /// <summary>Which compiler diagnostics must be expected (markup or list); by default errors, so test code must compile.</summary>
    public CompilerDiagnostics CompilerDiagnostics { get; set; } = CompilerDiagnostics.Errors;

    /// <summary>When set, compiler diagnostics that are not expected are ignored; expected ones are still checked.</summary>
    public bool AllowCompilerErrors { get; set; }

    /// <summary>Diagnostic IDs suppressed in the compilation and ignored in the comparison.</summary>
    public List<string> DisabledDiagnostics { get; set; } = new();

    public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

    public virtual async Task RunAsync(CancellationToken cancellationToken = default)
    {
        using AdhocWorkspace workspace = new();
        TestState state = CreateState(TestCode, AdditionalSources, ExpectedDiagnostics);
        await VerifyDiagnosticsAsync(CreateProject(workspace, state), state, "The test code", cancellationToken).ConfigureAwait(false);
    }

    internal TestState CreateState(string testCode, SourceFileList additionalSources, IEnumerable<DiagnosticResult> expected) =>
        TestState.Create(testCode, additionalSources, expected, AnalyzerDescriptors<TAnalyzer>.First);

    internal Project CreateProject(AdhocWorkspace workspace, TestState state)
    {
        Dictionary<string, ReportDiagnostic> specificOptions = new();

        // Descriptors that are off by default are what the test is about when it names them: turn them on, unless
        // the test's .editorconfig sets their severity (compilation options would override it, as in a real build).
        foreach (DiagnosticDescriptor descriptor in new TAnalyzer().SupportedDiagnostics.Where(d => !d.IsEnabledByDefault))
        {
            if (EditorConfig?.IndexOf("dotnet_diagnostic." + descriptor.Id + ".severity", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                continue;
            }

            specificOptions[descriptor.Id] = ToReportDiagnostic(descriptor.DefaultSeverity);
        }

        foreach (string id in DisabledDiagnostics)
        {
            specificOptions[id] = ReportDiagnostic.Suppress;
        }

        CSharpCompilationOptions compilationOptions = new CSharpCompilationOptions(OutputKind, allowUnsafe: true)
            .WithSpecificDiagnosticOptions(specificOptions);
        CSharpParseOptions parseOptions = new(LanguageVersion, DocumentationMode.Diagnose);

        ProjectId projectId = ProjectId.CreateNewId("TestProject");
        Solution solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            name: "TestProject",
            assemblyName: "TestProject",
            LanguageNames.CSharp,
            filePath: TestState.Directory + "TestProject.csproj",
            compilationOptions: compilationOptions,
            parseOptions: parseOptions,
            metadataReferences: ReferenceAssemblies.References.Concat(AdditionalReferences)));

        foreach (TestDocument document in state.Documents)
        {
            solution = solution.AddDocument(
                DocumentId.CreateNewId(projectId, document.FileName),
                document.FileName,
                SourceText.From(document.Text, Encoding.UTF8),
                filePath: document.FilePath);
        }

        if (EditorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(
                DocumentId.CreateNewId(projectId, ".editorconfig"),
                ".editorconfig",
                SourceText.From(EditorConfig, Encoding.UTF8),
                filePath: TestState.Directory + ".editorconfig");
        }

        return solution.GetProject(projectId)!;
    }

    /// <summary>
    /// Every diagnostic the analyzer reports plus every unsuppressed compiler diagnostic (any severity;
    /// <see cref="CompilerDiagnostics"/> filters later). An analyzer exception fails the test.
    /// </summary>
    internal async Task<ImmutableArray<ActualDiagnostic>> GetDiagnosticsAsync(Project project, CancellationToken cancellationToken)
    {
        Compilation compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
        ConcurrentQueue<string> analyzerFailures = new();
        CompilationWithAnalyzersOptions options = new(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, _, _) => analyzerFailures.Enqueue(exception.ToString()),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        CompilationWithAnalyzers withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer()), options);
        ImmutableArray<Diagnostic> analyzerDiagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        foreach (Diagnostic diagnostic in analyzerDiagnostics.Where(d => d.Id is "AD0001" or "AD0002"))
        {
            analyzerFailures.Enqueue(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!analyzerFailures.IsEmpty)
        {
            throw new VerificationException(
                $"{typeof(TAnalyzer).Name} threw an exception:{Environment.NewLine}{string.Join(Environment.NewLine, analyzerFailures.Distinct())}");
        }

        IEnumerable<ActualDiagnostic> fromAnalyzer = analyzerDiagnostics.Select(d => new ActualDiagnostic(d, FromCompiler: false));
        IEnumerable<ActualDiagnostic> fromCompiler = compilation.GetDiagnostics(cancellationToken)
            .Where(d => !d.IsSuppressed)
            .Select(d => new ActualDiagnostic(d, FromCompiler: true));
        return fromAnalyzer.Concat(fromCompiler)
            .Where(d => !DisabledDiagnostics.Contains(d.Diagnostic.Id))
            .OrderBy(d => d.Diagnostic.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Diagnostic.Location.SourceSpan.Start)
            .ThenBy(d => d.Diagnostic.Location.SourceSpan.End)
            .ThenBy(d => d.Diagnostic.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    internal async Task VerifyDiagnosticsAsync(Project project, TestState state, string stateName, CancellationToken cancellationToken)
    {
        ImmutableArray<ActualDiagnostic> actual = await GetDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false);
        DiagnosticVerifier.Verify(
            stateName,
            state,
            actual.Where(d => !d.FromCompiler || IsCompared(d.Diagnostic.Severity)).ToImmutableArray(),
            ignoreUnexpectedCompilerDiagnostics: AllowCompilerErrors);
    }

    private bool IsCompared(DiagnosticSeverity compilerSeverity) => CompilerDiagnostics switch
    {
        CompilerDiagnostics.None => false,
        CompilerDiagnostics.Errors => compilerSeverity >= DiagnosticSeverity.Error,
        CompilerDiagnostics.Warnings => compilerSeverity >= DiagnosticSeverity.Warning,
        CompilerDiagnostics.Suggestions => compilerSeverity >= DiagnosticSeverity.Info,
        _ => true,
    };

    private static ReportDiagnostic ToReportDiagnostic(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => ReportDiagnostic.Error,
        DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
        DiagnosticSeverity.Info => ReportDiagnostic.Info,
        _ => ReportDiagnostic.Hidden,
    };
}
