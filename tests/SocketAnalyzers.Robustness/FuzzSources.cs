using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketAnalyzers.Performance.Corpus;

namespace SocketAnalyzers.Robustness;

/// <summary>A program the fuzzer mutates, named for where it came from.</summary>
internal sealed record FuzzSource(string Name, string Text);

/// <summary>
/// The sources the project already has: the valid-code corpus, the demo, every C# program written as a string in
/// the analyzer tests (test markup removed, common usings added), and the benchmark's generated smoke corpus.
/// </summary>
internal static class FuzzSources
{
    private const string CommonUsings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // Test markup: [|x|], {|ID:x|}, {|#0:x|}.
    private static readonly Regex Markup = new(@"\[\||\|\]|\{\|[^:|{}]*:|\|\}", RegexOptions.Compiled);

    public static IReadOnlyList<FuzzSource> Collect(string repositoryRoot)
    {
        var sources = new List<FuzzSource>();
        var testsRoot = Path.Combine(repositoryRoot, "tests", "SocketAnalyzers.Tests");
        foreach (var path in CSharpFiles(Path.Combine(testsRoot, "Corpus", "Programs")).Concat(CSharpFiles(Path.Combine(repositoryRoot, "samples"))))
        {
            sources.Add(new FuzzSource(Path.GetRelativePath(repositoryRoot, path), File.ReadAllText(path)));
        }

        foreach (var path in CSharpFiles(testsRoot).Where(path => !IsUnder(path, Path.Combine(testsRoot, "Corpus", "Programs"))))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(path)).GetRoot();
            var index = 0;
            foreach (var token in root.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) || token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken))
                {
                    var text = token.ValueText;
                    if (text.Length > 60 && (text.Contains("class ", StringComparison.Ordinal) || text.Contains("struct ", StringComparison.Ordinal)))
                    {
                        sources.Add(new FuzzSource($"{Path.GetRelativePath(repositoryRoot, path)}#{index++}", CommonUsings + Markup.Replace(text, "")));
                    }
                }
            }
        }

        sources.AddRange(CorpusGenerator.Generate(CorpusShape.Smoke)
            .Where(file => file.Kind != CorpusFileKind.Stress)
            .Select(file => new FuzzSource("generated/" + file.Path, file.Text)));
        return sources;
    }

    private static IEnumerable<string> CSharpFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                               !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .OrderBy(path => path, StringComparer.Ordinal)
            : Enumerable.Empty<string>();

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
