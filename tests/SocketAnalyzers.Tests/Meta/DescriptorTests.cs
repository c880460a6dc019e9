using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>Every descriptor is documented, tracked for release, and listed in the README.</summary>
public sealed class DescriptorTests
{
    private static readonly Regex RuleId = new Regex(@"^SOCK\d{3}$");

    [Fact]
    public void Rule_ids_are_unique_and_well_formed()
    {
        string[] ids = ShippedComponents.AllRuleIds.ToArray();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Matches(RuleId, id));
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Each_id_has_one_descriptor_and_it_is_declared_in_RuleIds()
    {
        var descriptorsById = ShippedComponents.AnalyzerTypes
            .SelectMany(type => ShippedComponents.CreateAnalyzer(type).SupportedDiagnostics)
            .GroupBy(descriptor => descriptor.Id, StringComparer.Ordinal);

        Assert.NotEmpty(ShippedComponents.Descriptors);
        foreach (IGrouping<string, DiagnosticDescriptor> group in descriptorsById)
        {
            Assert.Contains(group.Key, ShippedComponents.AllRuleIds);
            // Two analyzers may share a descriptor, but not declare two different ones under one ID. A rule may have a
            // second message for a second shape of its mistake (SOCK005's guarded close): everything else is the same.
            Assert.True(
                group.Select(descriptor => (descriptor.Title.ToString(), descriptor.Description.ToString(), descriptor.Category,
                    descriptor.DefaultSeverity, descriptor.IsEnabledByDefault, descriptor.HelpLinkUri)).Distinct().Count() == 1,
                $"{group.Key} is declared by {group.Count()} descriptors that differ in more than their message");
        }
    }

    [Theory]
    [MemberData(nameof(ShippedComponents.DescriptorIds), MemberType = typeof(ShippedComponents))]
    public void Descriptor_is_consistent(string id)
    {
        DiagnosticDescriptor descriptor = ShippedComponents.Descriptor(id);

        Assert.Equal(RuleIds.HelpUri(id), descriptor.HelpLinkUri);
        Assert.Equal(RuleIds.Category, descriptor.Category);
        Assert.False(string.IsNullOrWhiteSpace(Title(descriptor)), $"{id} has no title");
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture)), $"{id} has no message");
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString(CultureInfo.InvariantCulture)), $"{id} has no description");
    }

    [Theory]
    [MemberData(nameof(ShippedComponents.DescriptorIds), MemberType = typeof(ShippedComponents))]
    public void Descriptor_has_a_docs_page_titled_with_its_id_and_title(string id)
    {
        DiagnosticDescriptor descriptor = ShippedComponents.Descriptor(id);
        string page = RepositoryRoot.File("docs", "rules", id + ".md");

        Assert.True(File.Exists(page), $"{page} is missing (the help link {descriptor.HelpLinkUri} points at it)");
        string? heading = File.ReadLines(page).FirstOrDefault(line => line.StartsWith('#'));
        Assert.NotNull(heading);
        Assert.Contains(id, heading, StringComparison.Ordinal);
        Assert.Contains(Title(descriptor), heading, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ShippedComponents.DescriptorIds), MemberType = typeof(ShippedComponents))]
    public void Descriptor_is_tracked_in_the_release_files(string id)
    {
        IEnumerable<string> trackedIds = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(name => File.ReadLines(RepositoryRoot.File("src", "Analyzers", name)))
            .Select(line => line.Split('|')[0].Trim());

        Assert.Contains(id, trackedIds);
    }

    /// <summary>The English (neutral) title: the one the docs pages and the README carry.</summary>
    internal static string Title(DiagnosticDescriptor descriptor) => descriptor.Title.ToString(CultureInfo.InvariantCulture);
}
