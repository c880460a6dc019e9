using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Tests.Meta;
using SocketAnalyzers.Tests.Verifiers;
using Xunit;

namespace SocketAnalyzers.Tests.Fixes;

/// <summary>
/// A fix must not produce code another rule flags, nor code that does not compile. For every rule with a code fix,
/// the inputs of its rule tests (Diagnostics and CodeFix, recorded through <see cref="TestInputRecorder"/>) and the
/// demo are analyzed with every rule on; each code action offered for each diagnostic is applied on its own, and the
/// result is compiled and analyzed again. It must add no compiler error and no SOCK diagnostic (nor analyzer crash)
/// to what was there before, less the diagnostic the action fixed.
/// </summary>
public sealed class AllFixesCrossRuleTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        ShippedComponents.AnalyzerTypes.Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!).ToImmutableArray();

    private static readonly ImmutableArray<CodeFixProvider> Fixes =
        ShippedComponents.CodeFixProviderTypes.Select(type => (CodeFixProvider)Activator.CreateInstance(type)!).ToImmutableArray();

    public static TheoryData<string> FixableRules()
    {
        var data = new TheoryData<string>();
        foreach (var id in ShippedComponents.FixableIds.OrderBy(id => id, StringComparer.Ordinal))
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixableRules))]
    public async Task EveryActionOnTheRuleTestsInputsAddsNoErrorAndNoSockDiagnostic(string ruleId)
    {
        var inputs = await RuleTestInputsAsync(ruleId);
        Assert.True(inputs.Count >= 5, $"{ruleId}: only {inputs.Count} test inputs recorded");

        var outcome = new Outcome();
        foreach (var input in inputs)
        {
            var project = CreateProject(input.Test, input.Sources, input.LanguageVersion, input.EditorConfig, OutputKind.DynamicallyLinkedLibrary);
            await CheckEveryActionAsync(project, input.Test, outcome, onlyRule: ruleId);
        }

        // Not vacuous: the rule's fixes were offered and applied.
        Assert.True(outcome.ActionsTried >= 3, $"{ruleId}: only {outcome.ActionsTried} code actions tried on {inputs.Count} inputs");
        Assert.True(outcome.Failures.Count == 0, $"{ruleId}: {outcome.Failures.Count} of {outcome.ActionsTried} actions broke something:\n" + string.Join("\n", outcome.Failures));
    }

    [Fact]
    public async Task EveryActionOnTheDemoAddsNoErrorAndNoSockDiagnostic()
    {
        var folder = RepositoryRoot.File("samples", "Demo");
        var sources = Directory.EnumerateFiles(folder, "*.cs")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllText(path)))
            .ToImmutableArray();
        var project = CreateProject("Demo", sources, LanguageVersion.Latest, editorConfig: null, OutputKind.ConsoleApplication);

        var outcome = new Outcome();
        await CheckEveryActionAsync(project, "samples/Demo", outcome, onlyRule: null);

        Assert.True(outcome.ActionsTried >= 3, $"only {outcome.ActionsTried} code actions tried on the demo");
        Assert.True(outcome.Failures.Count == 0, $"{outcome.Failures.Count} of {outcome.ActionsTried} actions broke something:\n" + string.Join("\n", outcome.Failures));
    }

    /// <summary>The distinct inputs of the rule's Diagnostics and CodeFix tests (every [Fact], every [InlineData] row).</summary>
    private static async Task<List<TestInput>> RuleTestInputsAsync(string ruleId)
    {
        var inputs = new List<TestInput>();
        var testClasses = typeof(AllFixesCrossRuleTests).Assembly.GetTypes()
            .Where(type => type.Namespace == "SocketAnalyzers.Tests.Rules." + ruleId && !type.IsAbstract && type.Name is "Diagnostics" or "CodeFix")
            .OrderBy(type => type.Name, StringComparer.Ordinal);
        foreach (var type in testClasses)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance).OrderBy(method => method.Name, StringComparer.Ordinal))
            {
                var rows = method.GetCustomAttribute<FactAttribute>() is null ? Array.Empty<object?[]>()
                    : method.GetCustomAttribute<TheoryAttribute>() is null ? new[] { Array.Empty<object?>() }
                    : method.GetCustomAttributes<InlineDataAttribute>().SelectMany(data => data.GetData(method)).ToArray();
                foreach (var row in rows)
                {
                    var instance = Activator.CreateInstance(type);
                    var recorded = await TestInputRecorder.RecordAsync(() => method.Invoke(instance, row) as Task ?? Task.CompletedTask);
                    inputs.AddRange(recorded.Select(input => input with { Test = $"{type.Name}.{method.Name}({string.Join(", ", row)})" }));
                }
            }
        }

        return inputs
            .GroupBy(input => string.Join("\n//--\n", input.Sources.Select(source => source.Text)) + input.LanguageVersion + input.EditorConfig, StringComparer.Ordinal)
            .Select(group => group.First())
            .ToList();
    }

    private static readonly ImmutableDictionary<string, ReportDiagnostic> EveryRuleOn = ShippedComponents.Descriptors
        .Where(descriptor => !descriptor.IsEnabledByDefault)
        .ToImmutableDictionary(descriptor => descriptor.Id, _ => ReportDiagnostic.Warn);

    private static Project CreateProject(string name, ImmutableArray<(string Path, string Text)> sources, LanguageVersion languageVersion, string? editorConfig, OutputKind outputKind)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId(name);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "Input",
                "Input",
                LanguageNames.CSharp,
                // Every rule on, off-by-default ones included, as the project's own configuration: the fixes see it too
                // (a fix may decline where a rule the project turned on would flag its result). .editorconfig still wins.
                compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: outputKind == OutputKind.ConsoleApplication ? NullableContextOptions.Enable : NullableContextOptions.Disable)
                    .WithSpecificDiagnosticOptions(EveryRuleOn),
                parseOptions: new CSharpParseOptions(languageVersion),
                metadataReferences: Basic.Reference.Assemblies.Net100.References.All));
        var index = 0;
        foreach (var (path, text) in sources)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), SourceText.From(text), filePath: "/" + index++ + "/" + Path.GetFileName(path));
        }

        if (editorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(editorConfig), filePath: "/.editorconfig");
        }

        return solution.GetProject(projectId)!;
    }

    /// <summary>Applies each action offered for each diagnostic (of <paramref name="onlyRule"/>, or of any rule) and records what broke.</summary>
    private static async Task CheckEveryActionAsync(Project project, string inputName, Outcome outcome, string? onlyRule)
    {
        var before = await AnalyzeAsync(project);
        foreach (var diagnostic in before.Sock.Where(diagnostic => onlyRule is null || diagnostic.Id == onlyRule))
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree);
            if (document is null)
            {
                continue;
            }

            foreach (var action in await ActionsAsync(document, diagnostic))
            {
                outcome.ActionsTried++;
                var where = $"{inputName}: {diagnostic.Id} at {diagnostic.Location.GetLineSpan().StartLinePosition}, action '{action.Title}'";
                var changed = await ChangedSolutionAsync(action);
                if (changed?.GetProject(project.Id) is not { } fixedProject)
                {
                    outcome.Failures.Add(where + ": changes no solution");
                    continue;
                }

                var after = await AnalyzeAsync(fixedProject);
                var newErrors = Added(before.Errors, after.Errors, fixedOne: null);
                var newSock = Added(before.Sock, after.Sock, fixedOne: diagnostic);
                if (newErrors.Count > 0)
                {
                    outcome.Failures.Add($"{where}: {newErrors.Count} new compiler error(s): {string.Join(" | ", newErrors.Take(3))}");
                }

                if (newSock.Count > 0)
                {
                    outcome.Failures.Add($"{where}: new diagnostic(s): {string.Join(" | ", newSock.Take(3))}");
                }
            }
        }
    }

    private static async Task<List<CodeAction>> ActionsAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        foreach (var fix in Fixes.Where(fix => fix.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var offered = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => offered.Add(action), CancellationToken.None));
            actions.AddRange(offered.SelectMany(action => action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.ToArray()));
        }

        return actions;
    }

    private static async Task<Solution?> ChangedSolutionAsync(CodeAction action)
    {
        var operations = await action.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
    }

    private static async Task<Analysis> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var withAnalyzers = compilation.WithAnalyzers(Analyzers, project.AnalyzerOptions);
        var errors = compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
        var sock = (await withAnalyzers.GetAnalyzerDiagnosticsAsync())
            .Where(diagnostic => (diagnostic.Id.StartsWith("SOCK", StringComparison.Ordinal) || diagnostic.Id == "AD0001") && !diagnostic.IsSuppressed)
            .OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start)
            .ToList();
        return new Analysis(errors, sock);
    }

    /// <summary>
    /// What <paramref name="after"/> has that <paramref name="before"/> (less <paramref name="fixedOne"/>) had not,
    /// compared by ID and message: locations move when code is inserted above.
    /// </summary>
    private static List<string> Added(List<Diagnostic> before, List<Diagnostic> after, Diagnostic? fixedOne)
    {
        static string Key(Diagnostic diagnostic) => diagnostic.Id + ": " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        var remaining = before.Select(Key).GroupBy(key => key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        if (fixedOne is not null && remaining.TryGetValue(Key(fixedOne), out var count))
        {
            remaining[Key(fixedOne)] = count - 1;
        }

        var added = new List<string>();
        foreach (var diagnostic in after)
        {
            var key = Key(diagnostic);
            if (remaining.TryGetValue(key, out var left) && left > 0)
            {
                remaining[key] = left - 1;
            }
            else
            {
                added.Add($"{key} (line {diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1})");
            }
        }

        return added;
    }

    private sealed record Analysis(List<Diagnostic> Errors, List<Diagnostic> Sock);

    private sealed class Outcome
    {
        public int ActionsTried { get; set; }

        public List<string> Failures { get; } = new();
    }
}
