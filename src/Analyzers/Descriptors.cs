using Microsoft.CodeAnalysis;

namespace SocketAnalyzers;

/// <summary>
/// Builds every descriptor the same way: category, help link and localizable texts taken from
/// <c>Resources.resx</c> under the keys <c>ID_Title</c>, <c>ID_Message</c> and <c>ID_Description</c>.
/// </summary>
internal static class Descriptors
{
    public static DiagnosticDescriptor Create(
        string id,
        DiagnosticSeverity defaultSeverity,
        bool isEnabledByDefault = true,
        params string[] customTags)
    {
        return new DiagnosticDescriptor(
            id,
            Resources.Localizable(id + "_Title"),
            Resources.Localizable(id + "_Message"),
            RuleIds.Category,
            defaultSeverity,
            isEnabledByDefault,
            Resources.Localizable(id + "_Description"),
            RuleIds.HelpUri(id),
            customTags);
    }

    /// <summary>
    /// A second message for a rule that finds one mistake in two shapes: the same ID, title, description and help
    /// link (one page, one severity setting), its own message under <c>ID_Variant_Message</c>.
    /// </summary>
    public static DiagnosticDescriptor CreateVariant(string id, string variant, DiagnosticSeverity defaultSeverity)
    {
        return new DiagnosticDescriptor(
            id,
            Resources.Localizable(id + "_Title"),
            Resources.Localizable(id + "_" + variant + "_Message"),
            RuleIds.Category,
            defaultSeverity,
            isEnabledByDefault: true,
            Resources.Localizable(id + "_Description"),
            RuleIds.HelpUri(id));
    }
}
