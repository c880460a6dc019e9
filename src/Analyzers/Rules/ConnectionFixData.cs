using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Rules;

/// <summary>
/// The part of a fix contract that says which connection a diagnostic is about (SOCK001, SOCK006, SOCK008). The
/// diagnostic's additional locations are the declarations in source of the connection's members, in the analyzer's
/// order (owner first): a local's declarator (or its foreach, pattern or catch declaration), a parameter, a field's
/// declarator, a property. A member declared outside this compilation's source (inherited from a referenced
/// assembly) has no location; <see cref="MembersOutsideSource"/> gives its position in that order. The fixer reads
/// the symbols back at those locations (CodeFixes' <c>ConnectionMembers</c>) and never looks a name up.
/// </summary>
internal static class ConnectionFixData
{
    /// <summary>
    /// Diagnostic property, present only when some member has no location: the positions (0 = owner), in the
    /// members' order, of the members declared outside source, comma-separated.
    /// </summary>
    public const string MembersOutsideSource = "MembersOutsideSource";

    /// <summary>A diagnostic of <paramref name="rule"/> whose additional locations and properties locate the connection's members.</summary>
    public static Diagnostic Create(
        DiagnosticDescriptor rule,
        Location location,
        Compilation compilation,
        IEnumerable<ISymbol> members,
        ImmutableDictionary<string, string?> properties,
        params object?[] messageArgs)
    {
        var declarations = new List<Location>();
        var outside = new List<string>();
        var position = 0;
        foreach (var member in members)
        {
            if (DeclarationOf(member, compilation) is { } declaration)
            {
                declarations.Add(declaration);
            }
            else
            {
                outside.Add(position.ToString(CultureInfo.InvariantCulture));
            }

            position++;
        }

        if (outside.Count > 0)
        {
            properties = properties.Add(MembersOutsideSource, string.Join(",", outside));
        }

        return Diagnostic.Create(rule, location, declarations, properties, messageArgs);
    }

    /// <summary>
    /// Where the member is declared in this compilation's source; null for metadata, and for a project referenced as
    /// a compilation (its trees are not this compilation's: the driver rejects a location in them).
    /// </summary>
    private static Location? DeclarationOf(ISymbol member, Compilation compilation)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (compilation.ContainsSyntaxTree(reference.SyntaxTree))
            {
                return Location.Create(reference.SyntaxTree, reference.Span);
            }
        }

        return null;
    }
}
