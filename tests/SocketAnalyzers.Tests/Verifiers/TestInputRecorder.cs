using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketAnalyzers.Tests.Verifiers;

/// <summary>The sources one rule test hands the harness (markup removed), its C# version and .editorconfig.</summary>
public sealed record TestInput(string Test, ImmutableArray<(string Path, string Text)> Sources, LanguageVersion LanguageVersion, string? EditorConfig);

/// <summary>
/// Captures what a rule test would run instead of running it, so another test (the cross-rule fix test) can reuse
/// every rule test's inputs: while <see cref="RecordAsync"/> runs a test method, <see cref="SocketAnalyzersTest{TAnalyzer, TCodeFix}"/>
/// records its sources and returns.
/// </summary>
public static class TestInputRecorder
{
    private static readonly AsyncLocal<List<TestInput>?> Recording = new();

    private static readonly Regex Markup = new(@"\{\|[^:|{}\s]+:|\|\}|\[\||\|\]|\$\$", RegexOptions.CultureInvariant);

    public static bool IsRecording => Recording.Value is not null;

    /// <summary>Runs <paramref name="test"/> with recording on; what it asserts after the harness returns is ignored.</summary>
    public static async Task<List<TestInput>> RecordAsync(Func<Task> test)
    {
        var recorded = new List<TestInput>();
        Recording.Value = recorded;
        try
        {
            await test().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Assertions about a run that did not happen.
        }
        finally
        {
            Recording.Value = null;
        }

        return recorded;
    }

    internal static void Record(string test, IEnumerable<(string Path, string Text)> sources, LanguageVersion languageVersion, string? editorConfig)
    {
        var list = Recording.Value ?? throw new InvalidOperationException("Not recording.");
        var stripped = sources.Select(source => (source.Path, Markup.Replace(source.Text, string.Empty))).ToImmutableArray();
        lock (list)
        {
            list.Add(new TestInput(test, stripped, languageVersion, editorConfig));
        }
    }
}
