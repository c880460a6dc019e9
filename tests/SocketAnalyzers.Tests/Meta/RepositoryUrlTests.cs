using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>
/// The repository's address lives in one MSBuild property, RepositoryUrl in Directory.Build.props: every help
/// link, the package's RepositoryUrl and PackageProjectUrl, and the package README's links are made from it.
/// </summary>
public sealed class RepositoryUrlTests
{
    private static readonly Regex RepositoryAddress = new Regex(@"https://github\.com/[^\s)""'<>]+");

    private static string RepositoryUrlProperty
    {
        get
        {
            XElement? property = XDocument.Load(RepositoryRoot.File("Directory.Build.props")).Descendants("RepositoryUrl").SingleOrDefault();
            Assert.NotNull(property);
            Assert.StartsWith("https://", property.Value, StringComparison.Ordinal);
            return property.Value.TrimEnd('/');
        }
    }

    [Theory]
    [MemberData(nameof(ShippedComponents.DescriptorIds), MemberType = typeof(ShippedComponents))]
    public void Help_link_starts_with_the_RepositoryUrl_property_and_names_an_existing_rule_page(string id)
    {
        DiagnosticDescriptor descriptor = ShippedComponents.Descriptor(id);
        string blobPrefix = RepositoryUrlProperty + "/blob/main/";

        Assert.StartsWith(blobPrefix, descriptor.HelpLinkUri, StringComparison.Ordinal);
        string pagePath = descriptor.HelpLinkUri.Substring(blobPrefix.Length);
        Assert.Equal("docs/rules/" + id + ".md", pagePath);
        Assert.True(File.Exists(RepositoryRoot.File(pagePath.Split('/'))), $"{descriptor.HelpLinkUri} names {pagePath}, which does not exist");
    }

    [Fact]
    public void Package_project_takes_both_of_its_urls_from_the_property()
    {
        XDocument project = XDocument.Load(RepositoryRoot.File("src", "Package", "SocketAnalyzers.Package.csproj"));

        Assert.Equal("$(RepositoryUrl)", project.Descendants("PackageProjectUrl").Single().Value);
        // Unset here, so the package's RepositoryUrl is the property itself.
        Assert.Empty(project.Descendants("RepositoryUrl"));
    }

    [Fact]
    public void No_source_or_package_file_spells_out_another_repository_address()
    {
        string property = RepositoryUrlProperty;
        string[] files = Directory.EnumerateFiles(RepositoryRoot.File("src"), "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                           && !file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(file => Path.GetExtension(file) is ".cs" or ".csproj" or ".props" or ".targets" or ".md")
            .ToArray();

        string[] strays = files
            .SelectMany(file => RepositoryAddress.Matches(File.ReadAllText(file)).Select(match => (file, url: match.Value)))
            // The release-tracking files cite the analyzer-authoring rules' own help page.
            .Where(found => !found.url.StartsWith("https://github.com/dotnet/", StringComparison.Ordinal))
            .Where(found => !found.url.StartsWith(property + "/", StringComparison.Ordinal))
            .Select(found => $"{Path.GetRelativePath(RepositoryRoot.Path, found.file)}: {found.url}")
            .ToArray();

        Assert.NotEmpty(files);
        Assert.True(strays.Length == 0, "addresses not made from RepositoryUrl " + property + ":" + Environment.NewLine + string.Join(Environment.NewLine, strays));
    }
}
