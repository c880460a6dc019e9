using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.TestSupport;
using Xunit;

namespace SocketAnalyzers.Tests.Corpus;

/// <summary>
/// Realistic, correct programs (Corpus/Programs/*.cs, copied to the output directory and not compiled into the
/// tests) on which every analyzer of the package must stay silent: no SOCK diagnostic of any rule, rules that are
/// off by default included, and no analyzer exception. Each file is its own compilation, so its session types and
/// helpers are seen the way a project with only that file would see them. Add a file and it is checked.
/// </summary>
public sealed class ValidCodeCorpusTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Corpus", "Programs");

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(RuleIds).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
        .ToImmutableArray();

    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.cs").OrderBy(p => p, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void The_corpus_is_copied_next_to_the_tests()
    {
        // A glob that matches nothing would make the theory below vacuous.
        Assert.True(Programs().Count >= 6, $"expected the corpus programs in {Directory}");
        Assert.True(Analyzers.Length >= 2, "expected the package's analyzers");
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task No_rule_reports_anything_on_correct_code(string program)
    {
        var source = await File.ReadAllTextAsync(Path.Combine(Directory, program));
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: program);
        var everyRuleOn = Analyzers
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Select(descriptor => descriptor.Id)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, _ => ReportDiagnostic.Warn);
        var compilation = CSharpCompilation.Create(
            "Corpus_" + Path.GetFileNameWithoutExtension(program),
            new[] { tree },
            TestReferences.Net100,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(everyRuleOn));

        var compilerProblems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(compilerProblems.Count == 0, $"{program} must compile cleanly (it is valid code):{Environment.NewLine}{Describe(compilerProblems)}");

        var failures = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => failures.Add(analyzer.GetType().Name + ": " + exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();

        Assert.True(failures.Count == 0, $"an analyzer threw on {program}:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        var reported = diagnostics.Where(d => d.Id.StartsWith("SOCK", StringComparison.Ordinal) || d.Id is "AD0001" or "AD0002").ToList();
        Assert.True(reported.Count == 0, $"false positives on correct code in {program}:{Environment.NewLine}{Describe(reported)}");
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join(
        Environment.NewLine,
        diagnostics.Select(d =>
        {
            var line = d.Location.GetLineSpan().StartLinePosition.Line;
            var text = d.Location.SourceTree?.GetText().Lines[line].ToString().Trim();
            return $"  {d.Id} line {line + 1}: {d.GetMessage(CultureInfo.InvariantCulture)}{Environment.NewLine}    {text}";
        }));
}
