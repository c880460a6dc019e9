using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SocketAnalyzers.Tests.Verifiers;

/// <summary>
/// The project's settings on top of Microsoft.CodeAnalysis.Testing: .NET 10 references that need no download at test
/// time, the latest C# unless <see cref="LanguageVersion"/> says otherwise, an optional <see cref="EditorConfig"/>, and
/// <see cref="AllowCompilerErrors"/> for half-typed code. Everything else (markup, FixAll in every scope, iterations,
/// equivalence keys) is the official harness's own; so is turning on the descriptors that are off by default (SOCK009),
/// where a severity in the test's .editorconfig still wins.
/// </summary>
public class SocketAnalyzersTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>.NET 10: the references come from Basic.Reference.Assemblies.Net100, not from a download.</summary>
    public static ReferenceAssemblies Net100 { get; } = new("net10.0");

    private static readonly Regex CompilerMarkup = new(@"\{\|(CS\d+):", RegexOptions.CultureInvariant);

    public SocketAnalyzersTest()
    {
        // A rule with a second message (SOCK005's guarded close) has two descriptors: markup means the first, the rule's own.
        MarkupOptions = MarkupOptions.UseFirstDescriptor;
        ReferenceAssemblies = Net100;
        SolutionTransforms.Add((solution, projectId) => ReferenceAssemblies == Net100
            ? solution.AddMetadataReferences(projectId, Basic.Reference.Assemblies.Net100.References.All)
            : solution);
    }

    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

    /// <summary>Text of an .editorconfig that applies to every test document (<c>TestState.AnalyzerConfigFiles</c>).</summary>
    public string? EditorConfig { get; set; }

    /// <summary>
    /// Half-typed code: compiler errors are compared only for the IDs the test names (markup <c>{|CSnnnn:...|}</c> or
    /// an expected diagnostic); any other compiler error is ignored.
    /// </summary>
    public bool AllowCompilerErrors { get; set; }

    protected override Task RunImplAsync(CancellationToken cancellationToken)
    {
        if (TestInputRecorder.IsRecording)
        {
            TestInputRecorder.Record(GetType().FullName ?? "test", TestState.Sources.Select(source => (source.filename, source.content.ToString())), LanguageVersion, EditorConfig);
            return Task.CompletedTask;
        }

        if (EditorConfig is not null)
        {
            TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig));
        }

        if (FixedState.Sources.Count > 0)
        {
            // Markup in FixedCode names the diagnostics that legitimately remain after the fix, fixable or not.
            FixedState.MarkupHandling ??= MarkupMode.Allow;
        }

        return base.RunImplAsync(cancellationToken);
    }

    protected override ParseOptions CreateParseOptions() =>
        ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);

    protected override bool IsCompilerDiagnosticIncluded(Diagnostic diagnostic, CompilerDiagnostics compilerDiagnostics) =>
        base.IsCompilerDiagnosticIncluded(diagnostic, compilerDiagnostics)
        && (!AllowCompilerErrors || NamedCompilerDiagnostics().Contains(diagnostic.Id));

    private ImmutableHashSet<string> NamedCompilerDiagnostics() =>
        TestState.Sources.Concat(FixedState.Sources)
            .SelectMany(source => CompilerMarkup.Matches(source.content.ToString()).Select(m => m.Groups[1].Value))
            .Concat(ExpectedDiagnostics.Concat(FixedState.ExpectedDiagnostics).Select(d => d.Id))
            .ToImmutableHashSet();
}
