using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>
/// The rule pages stay short pages a developer reads (the full account is in docs/design/ID.md), and every link
/// of every Markdown file of the repository names a file that exists (and, for a heading anchor, a heading).
/// </summary>
public sealed class DocsTests
{
    /// <summary>"Within about 80 lines": the generated header takes 12 of them.</summary>
    public const int MaxRulePageLines = 85;

    private static readonly string[] RulePageSections =
    {
        "## Cause",
        "## Why it matters",
        "## Non-compliant code",
        "## Compliant code",
        "## What the fix does",
        "## Configuration",
        "## When to suppress",
    };

    private static readonly Regex Link = new Regex(@"\[[^\]]*\]\((?<target>[^)\s]+)\)");
    private static readonly Regex CodeSpanOrBlock = new Regex(@"```.*?```|`[^`\n]*`", RegexOptions.Singleline);

    [Theory]
    [MemberData(nameof(ShippedComponents.DescriptorIds), MemberType = typeof(ShippedComponents))]
    public void Rule_page_is_short_has_the_usual_sections_and_links_its_design_note(string id)
    {
        string page = RepositoryRoot.File("docs", "rules", id + ".md");
        string[] lines = GeneratedDocs.Read(page).TrimEnd('\n').Split('\n');

        Assert.True(lines.Length <= MaxRulePageLines, $"{id}.md has {lines.Length} lines; at most {MaxRulePageLines} (details go to docs/design/{id}.md)");
        int[] positions = RulePageSections.Select(section => Array.IndexOf(lines, section)).ToArray();
        Assert.True(positions.All(position => position >= 0), $"{id}.md lacks " + string.Join(", ", RulePageSections.Where((_, index) => positions[index] < 0)));
        Assert.True(positions.SequenceEqual(positions.OrderBy(position => position)), $"{id}.md has its sections out of order: {string.Join(", ", RulePageSections)}");
        Assert.Contains($"](../design/{id}.md)", string.Join("\n", lines), StringComparison.Ordinal);
        Assert.True(File.Exists(RepositoryRoot.File("docs", "design", id + ".md")), $"docs/design/{id}.md is missing");
    }

    [Fact]
    public void Every_relative_link_in_the_Markdown_files_names_an_existing_file_and_heading()
    {
        string[] documents = MarkdownFiles().ToArray();
        var broken = new List<string>();
        foreach (string document in documents)
        {
            string text = CodeSpanOrBlock.Replace(GeneratedDocs.Read(document), string.Empty);
            foreach (Match match in Link.Matches(text))
            {
                string target = match.Groups["target"].Value;
                if (Regex.IsMatch(target, "^[a-z]+:", RegexOptions.IgnoreCase))
                {
                    continue;
                }

                int hash = target.IndexOf('#');
                string file = Uri.UnescapeDataString(hash < 0 ? target : target.Substring(0, hash));
                string anchor = hash < 0 ? string.Empty : target.Substring(hash + 1);
                string path = file.Length == 0 ? document : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, file));
                string where = $"{Path.GetRelativePath(RepositoryRoot.Path, document)}: ({target})";
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    broken.Add(where + " names no file");
                }
                else if (anchor.Length > 0 && path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !Anchors(path).Contains(anchor))
                {
                    broken.Add(where + " names no heading of that file");
                }
            }
        }

        Assert.NotEmpty(documents);
        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
    }

    [Fact]
    public void No_Markdown_file_cites_a_specification_file_that_is_not_in_the_repository()
    {
        string[] citing = MarkdownFiles()
            .Where(document => GeneratedDocs.Read(document).Contains("RULES.md", StringComparison.Ordinal))
            .Select(document => Path.GetRelativePath(RepositoryRoot.Path, document))
            .ToArray();

        Assert.True(File.Exists(RepositoryRoot.File("RULES.md")) || citing.Length == 0, "RULES.md is not in the repository but is cited by: " + string.Join(", ", citing));
    }

    [Fact]
    public void Anchors_follow_GitHub_heading_ids()
    {
        Assert.Equal("fin-and-rst", Anchor("FIN and RST"));
        Assert.Equal("why-epipe-is-socketerrorshutdown", Anchor("Why EPIPE is `SocketError.Shutdown`"));
        Assert.Equal("fourth-pass-2026-11-22-later", Anchor("Fourth pass (2026-11-22, later)"));
        Assert.Equal("close_wait", Anchor("CLOSE_WAIT"));
    }

    private static IEnumerable<string> MarkdownFiles() =>
        Directory.EnumerateFiles(RepositoryRoot.Path, "*.md", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(RepositoryRoot.Path, file).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "bin" or "obj" or ".git" or "TestResults" or "node_modules"));

    /// <summary>The ids GitHub gives the headings of a Markdown file (a repeated heading gets -1, -2 ...).</summary>
    private static HashSet<string> Anchors(string path)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string text = Regex.Replace(GeneratedDocs.Read(path), "```.*?```", string.Empty, RegexOptions.Singleline);
        foreach (Match heading in Regex.Matches(text, @"^#{1,6}\s+(?<title>.+?)\s*#*\s*$", RegexOptions.Multiline))
        {
            string anchor = Anchor(heading.Groups["title"].Value);
            seen[anchor] = seen.TryGetValue(anchor, out int count) ? count + 1 : 0;
            anchors.Add(seen[anchor] == 0 ? anchor : $"{anchor}-{seen[anchor]}");
        }

        foreach (Match html in Regex.Matches(text, @"<a\s+(?:name|id)=""(?<id>[^""]+)"""))
        {
            anchors.Add(html.Groups["id"].Value);
        }

        return anchors;
    }

    private static string Anchor(string title)
    {
        string plain = Regex.Replace(title, @"\[(?<text>[^\]]*)\]\([^)]*\)", "${text}");
        var anchor = new StringBuilder();
        foreach (char character in plain.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(character) || character is '-' or '_')
            {
                anchor.Append(character);
            }
            else if (character == ' ')
            {
                anchor.Append('-');
            }
        }

        return anchor.ToString();
    }
}
