using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using SocketAnalyzers.Model;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>
/// docs/configuration.md lists every .editorconfig key the analyzers read, and no key they do not;
/// every key has a test that shows it working.
/// </summary>
public sealed class ConfigurationDocsTests
{
    private static readonly Regex Key = new Regex(@"socket_analyzers\.[a-z_]+");

    /// <summary>The values of the <see cref="DeclaredConnections"/> key constants.</summary>
    private static IReadOnlyList<string> DeclaredKeys { get; } = typeof(DeclaredConnections)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string) && field.Name.EndsWith("Key", StringComparison.Ordinal))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToList();

    [Fact]
    public void Every_key_constant_is_documented()
    {
        string page = File.ReadAllText(RepositoryRoot.File("docs", "configuration.md"));

        Assert.NotEmpty(DeclaredKeys);
        Assert.All(DeclaredKeys, key => Assert.True(page.Contains("`" + key + "`", StringComparison.Ordinal), $"docs/configuration.md does not document {key}"));
    }

    [Fact]
    public void Every_key_the_analyzers_mention_is_documented_and_every_documented_key_is_read()
    {
        HashSet<string> inSource = Directory.EnumerateFiles(RepositoryRoot.File("src", "Analyzers"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(file))
            .SelectMany(file => Key.Matches(File.ReadAllText(file)).Select(match => match.Value))
            .ToHashSet(StringComparer.Ordinal);
        HashSet<string> documented = Key.Matches(File.ReadAllText(RepositoryRoot.File("docs", "configuration.md")))
            .Select(match => match.Value)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(inSource.OrderBy(key => key, StringComparer.Ordinal), documented.OrderBy(key => key, StringComparer.Ordinal));
        Assert.Equal(DeclaredKeys.OrderBy(key => key, StringComparer.Ordinal), inSource.OrderBy(key => key, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_key_has_a_test()
    {
        string[] tests = Directory.EnumerateFiles(RepositoryRoot.File("tests", "SocketAnalyzers.Tests"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(file) && !file.Contains(Path.DirectorySeparatorChar + "Meta" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToArray();

        Assert.All(DeclaredKeys, key => Assert.True(
            tests.Any(test => Regex.IsMatch(test, Regex.Escape(key) + @"\s*=")),
            $"no test sets {key} (tests/SocketAnalyzers.Tests/Configuration/ConfigurationKeyTests.cs is the place for one)"));
    }

    private static bool IsBuildOutput(string file) =>
        file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) ||
        file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
