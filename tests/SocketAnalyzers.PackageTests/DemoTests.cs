using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SocketAnalyzers.PackageTests;

/// <summary>
/// <c>dotnet build samples/Demo</c> is the README's main command: for every implemented rule, its warnings
/// must land exactly on the demo lines whose comment names that rule (<c>// SOCKnnn: why</c>).
/// </summary>
[Collection(PackedRepositoryCollection.Name)]
public sealed class DemoTests
{
    private static readonly Regex WarningLine = new Regex(@"^\s*(?<file>[^\s(][^(]*)\((?<line>\d+),\d+\): warning (?<id>SOCK\d{3}):", RegexOptions.Multiline);
    private static readonly Regex TagComment = new Regex(@"//\s*(?<ids>SOCK\d{3}(?:\s*,\s*SOCK\d{3})*)\s*:");

    private readonly PackedRepository repository;

    public DemoTests(PackedRepository repository)
    {
        this.repository = repository;
    }

    [Fact]
    public void Demo_build_warns_exactly_on_the_tagged_lines_of_every_implemented_rule()
    {
        string demoFolder = Path.Combine(repository.CopyFolder, "samples", "Demo");
        DotNetResult build = DotNetCli.Run(
            repository.CopyFolder, environment: null, "build", Path.Combine("samples", "Demo"), "-c", PackedRepository.Configuration);
        Assert.True(build.Succeeded, build.ToString());

        HashSet<string> implemented = ImplementedRuleIds();
        Assert.Contains(RuleIds.SocketErrorByTextOrNumber, implemented);
        HashSet<string> reported = build.Output.Split('\n')
            .Select(line => WarningLine.Match(line))
            .Where(match => match.Success)
            .Select(match => Site(demoFolder, match.Groups["file"].Value.Trim(), int.Parse(match.Groups["line"].Value), match.Groups["id"].Value))
            .ToHashSet();
        HashSet<string> tagged = TaggedSites(demoFolder);

        foreach (string id in implemented.OrderBy(id => id, StringComparer.Ordinal))
        {
            string[] expected = tagged.Where(site => site.EndsWith(" " + id, StringComparison.Ordinal)).OrderBy(site => site, StringComparer.Ordinal).ToArray();
            string[] actual = reported.Where(site => site.EndsWith(" " + id, StringComparison.Ordinal)).OrderBy(site => site, StringComparer.Ordinal).ToArray();
            Assert.True(expected.Length > 0, $"the demo has no line tagged // {id}: every implemented rule needs one");
            Assert.True(
                expected.SequenceEqual(actual),
                $"{id}: expected warnings at{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", expected)}{Environment.NewLine}" +
                $"but the build reported{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", actual)}{Environment.NewLine}{build}");
        }

        string[] unknown = reported.Where(site => !implemented.Any(id => site.EndsWith(" " + id, StringComparison.Ordinal))).ToArray();
        Assert.True(unknown.Length == 0, "warnings for rules no analyzer declares: " + string.Join(", ", unknown));
    }

    private static HashSet<string> TaggedSites(string demoFolder)
    {
        var sites = new HashSet<string>();
        foreach (string file in Directory.EnumerateFiles(demoFolder, "*.cs", SearchOption.AllDirectories)
                     .Where(file => !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            string[] lines = File.ReadAllLines(file);
            for (int index = 0; index < lines.Length; index++)
            {
                Match tag = TagComment.Match(lines[index]);
                if (!tag.Success)
                {
                    continue;
                }

                foreach (string id in tag.Groups["ids"].Value.Split(',').Select(id => id.Trim()))
                {
                    sites.Add(Site(demoFolder, file, index + 1, id));
                }
            }
        }

        return sites;
    }

    private static string Site(string demoFolder, string file, int line, string id) =>
        $"{Path.GetRelativePath(demoFolder, Path.GetFullPath(file, demoFolder))}:{line} {id}";

    /// <summary>The IDs the analyzers in SocketAnalyzers.dll declare.</summary>
    private static HashSet<string> ImplementedRuleIds()
    {
        Assembly analyzers = typeof(RuleIds).Assembly;
        return analyzers.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
            .Select(descriptor => descriptor.Id)
            .ToHashSet();
    }
}
