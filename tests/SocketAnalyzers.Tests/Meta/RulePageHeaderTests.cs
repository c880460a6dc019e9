using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>
/// Each rule page (docs/rules/ID.md) opens with a block generated from what ships: the heading (ID and
/// title) and a table with the category, default severity, whether the rule is enabled by default, and
/// whether a code fix provider fixes it. The block is fenced by <c>&lt;!-- generated:header ... --&gt;</c> and
/// <c>&lt;!-- /generated:header --&gt;</c>; the rest of the page is written by hand. On a page without the
/// block yet, regeneration replaces the first heading and the table right under it.
/// SOCKETANALYZERS_UPDATE_DOCS=1 regenerates (see <see cref="GeneratedDocs"/>).
/// </summary>
public sealed class RulePageHeaderTests
{
    private const string Block = "header";

    [Theory]
    [MemberData(nameof(ShippedComponents.DescriptorIds), MemberType = typeof(ShippedComponents))]
    public void Rule_page_header_matches_the_descriptor_and_code_fixes(string id)
    {
        string page = RepositoryRoot.File("docs", "rules", id + ".md");
        if (!File.Exists(page))
        {
            // Nothing to generate into: DescriptorTests reports the missing page.
            return;
        }

        string[] header = Header(ShippedComponents.Descriptor(id), ShippedComponents.FixableIds.Contains(id, StringComparer.Ordinal));
        GeneratedDocs.AssertFileIs(page, WithHeader(GeneratedDocs.Read(page), header));
    }

    [Fact]
    public void Header_of_a_page_without_one_replaces_the_hand_written_heading_and_table()
    {
        string page = string.Join("\n", "# SOCK999: Old title", "", "| | |", "|---|---|", "| **ID** | SOCK999 |", "", "## Cause", "Text.", "");
        string[] header = { "<!-- generated:header x -->", "# SOCK999: New title", "<!-- /generated:header -->" };

        string once = WithHeader(page, header);
        string twice = WithHeader(once, header);

        Assert.Equal(string.Join("\n", header.Concat(new[] { "", "## Cause", "Text.", "" })), once);
        Assert.Equal(once, twice);
    }

    internal static string[] Header(DiagnosticDescriptor descriptor, bool hasCodeFix) => new[]
    {
        GeneratedDocs.StartMarker(Block) + " from the descriptor and the code fixes by tests/SocketAnalyzers.Tests/Meta/RulePageHeaderTests.cs -->",
        $"# {descriptor.Id}: {DescriptorTests.Title(descriptor)}",
        "",
        "| | |",
        "|---|---|",
        $"| **ID** | {descriptor.Id} |",
        $"| **Category** | {descriptor.Category} |",
        $"| **Default severity** | {descriptor.DefaultSeverity} |",
        $"| **Enabled by default** | {(descriptor.IsEnabledByDefault ? "Yes" : "No")} |",
        $"| **Code fix** | {(hasCodeFix ? "Yes" : "No")} |",
        "",
        GeneratedDocs.EndMarker(Block),
    };

    /// <summary>The page with <paramref name="header"/> in place of its generated block, or of its first heading and the table under it.</summary>
    internal static string WithHeader(string page, string[] header)
    {
        string[] lines = page.Split('\n');
        if (GeneratedDocs.FindBlock(lines, Block) is not null)
        {
            return GeneratedDocs.ReplaceBlock(page, Block, header);
        }

        int heading = Array.FindIndex(lines, line => line.StartsWith("# ", StringComparison.Ordinal));
        int end = heading + 1;
        if (heading < 0)
        {
            heading = end = 0;
        }
        else
        {
            int next = end;
            while (next < lines.Length && lines[next].Trim().Length == 0)
            {
                next++;
            }

            if (next < lines.Length && lines[next].StartsWith('|'))
            {
                end = next;
                while (end < lines.Length && lines[end].StartsWith('|'))
                {
                    end++;
                }
            }
        }

        IEnumerable<string> rest = lines.Skip(end).SkipWhile(line => line.Trim().Length == 0);
        return string.Join("\n", lines.Take(heading).Concat(header).Append(string.Empty).Concat(rest));
    }
}
