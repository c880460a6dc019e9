using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>
/// README.md's rule table is generated from what ships: one row per rule ID linking its docs page,
/// with the descriptor's title and default severity, "Yes" for a code fix exactly when a code fix
/// provider fixes the rule, and "Implemented" when an analyzer declares it. What the assemblies cannot
/// say (a rule not written yet, a fix that is "Planned" rather than "—") is kept from the README.
/// When the table is stale, the test fails and prints the table it expects; set
/// SOCKETANALYZERS_UPDATE_README=1 (or SOCKETANALYZERS_UPDATE_DOCS=1, which regenerates every generated
/// file: see <see cref="GeneratedDocs"/>) to have it rewrite the table instead.
/// </summary>
public sealed class ReadmeRuleTableTests
{
    private const string UpdateVariable = "SOCKETANALYZERS_UPDATE_README";
    private const string Header = "| Rule | Title | Severity | Code fix | Status |";
    private const string Separator = "|------|-------|----------|----------|--------|";
    private const string NoFix = "—";
    private const string PlannedFix = "Planned";

    private static readonly Regex RowLink = new Regex(@"^\[(?<id>SOCK\d{3})\]\(docs/rules/(?<page>SOCK\d{3})\.md\)$");

    [Fact]
    public void Readme_lists_every_rule_once_linking_its_page()
    {
        ReadmeTable table = ReadmeTable.Read();

        Assert.Equal(
            ShippedComponents.AllRuleIds.OrderBy(id => id, StringComparer.Ordinal),
            table.Rows.Keys.OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public void Readme_rule_table_matches_the_shipped_descriptors_and_code_fixes()
    {
        ReadmeTable table = ReadmeTable.Read();
        string[] expected = ExpectedTable(table.Rows);

        if (expected.SequenceEqual(table.Lines))
        {
            return;
        }

        if (GeneratedDocs.UpdateRequested(UpdateVariable))
        {
            table.Replace(expected);
            return;
        }

        Assert.Fail(
            "README.md's rule table is stale. Expected:" + Environment.NewLine + string.Join(Environment.NewLine, expected) +
            Environment.NewLine + "Found:" + Environment.NewLine + string.Join(Environment.NewLine, table.Lines) +
            Environment.NewLine + $"Run the tests with {UpdateVariable}=1 to rewrite it.");
    }

    private static string[] ExpectedTable(IReadOnlyDictionary<string, string[]> current)
    {
        var implemented = ShippedComponents.Descriptors.ToDictionary(descriptor => descriptor.Id, StringComparer.Ordinal);
        var fixable = new HashSet<string>(ShippedComponents.FixableIds, StringComparer.Ordinal);
        var lines = new List<string> { Header, Separator };
        foreach (string id in ShippedComponents.AllRuleIds)
        {
            current.TryGetValue(id, out string[]? cells);
            string keptFix = cells is not null && cells[3] is PlannedFix ? PlannedFix : NoFix;
            string title, severity, codeFix, status;
            if (implemented.TryGetValue(id, out DiagnosticDescriptor? descriptor))
            {
                title = DescriptorTests.Title(descriptor);
                severity = descriptor.DefaultSeverity + (descriptor.IsEnabledByDefault ? string.Empty : " (off by default)");
                codeFix = fixable.Contains(id) ? "Yes" : keptFix;
                status = "Implemented";
            }
            else
            {
                Assert.True(cells is not null, $"{id} has no analyzer yet and no README row to take its title from: add one by hand");
                title = cells[1];
                severity = cells[2];
                codeFix = keptFix;
                status = "Planned";
            }

            lines.Add($"| [{id}](docs/rules/{id}.md) | {title} | {severity} | {codeFix} | {status} |");
        }

        return lines.ToArray();
    }

    /// <summary>The rule table of README.md: its lines, and its rows keyed by rule ID.</summary>
    private sealed class ReadmeTable
    {
        private readonly string path;
        private readonly string[] fileLines;
        private readonly int start;

        private ReadmeTable(string path, string[] fileLines, int start, string[] lines, IReadOnlyDictionary<string, string[]> rows)
        {
            this.path = path;
            this.fileLines = fileLines;
            this.start = start;
            Lines = lines;
            Rows = rows;
        }

        public string[] Lines { get; }

        /// <summary>Cells (rule, title, severity, code fix, status) keyed by rule ID.</summary>
        public IReadOnlyDictionary<string, string[]> Rows { get; }

        public static ReadmeTable Read()
        {
            string path = RepositoryRoot.File("README.md");
            string[] fileLines = File.ReadAllLines(path);
            int start = Array.IndexOf(fileLines, Header);
            Assert.True(start >= 0, $"README.md has no rule table starting with the line \"{Header}\"");
            string[] lines = fileLines.Skip(start).TakeWhile(line => line.StartsWith('|')).ToArray();

            var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (string line in lines.Skip(2))
            {
                string[] cells = line.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
                Match link = RowLink.Match(cells[0]);
                Assert.True(link.Success, $"README rule rows start with [SOCKnnn](docs/rules/SOCKnnn.md): {line}");
                Assert.True(link.Groups["id"].Value == link.Groups["page"].Value, $"README row links the wrong page: {line}");
                Assert.True(cells.Length == 5, $"README rule rows have 5 cells (rule, title, severity, code fix, status): {line}");
                Assert.True(rows.TryAdd(link.Groups["id"].Value, cells), $"README lists {link.Groups["id"].Value} twice");
            }

            return new ReadmeTable(path, fileLines, start, lines, rows);
        }

        public void Replace(string[] table)
        {
            IEnumerable<string> updated = fileLines.Take(start).Concat(table).Concat(fileLines.Skip(start + Lines.Length));
            File.WriteAllText(path, string.Join("\n", updated) + "\n");
        }
    }
}
