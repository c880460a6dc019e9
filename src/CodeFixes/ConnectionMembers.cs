using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketAnalyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// The connection a diagnostic is about, read back from what the analyzer located (<see cref="ConnectionFixData"/>):
/// each member is the symbol declared at its additional location, found through the semantic model of the document
/// that holds it (a field in another partial file included), never by looking its name up.
/// </summary>
internal sealed class ConnectionMembers
{
    private ConnectionMembers(ImmutableArray<ISymbol?> all) => All = all;

    /// <summary>
    /// The members in the analyzer's order, owner first; null for one the fixer cannot see (declared outside source,
    /// or its location is not a declaration in this compilation any more).
    /// </summary>
    public ImmutableArray<ISymbol?> All { get; }

    /// <summary>The members the fixer can see, owner first.</summary>
    public IEnumerable<ISymbol> Known => All.Where(member => member is not null)!;

    /// <summary>Whether the fixer sees every member: only then can it prove that no one else reaches the connection.</summary>
    public bool IsComplete => All.All(member => member is not null);

    public static ConnectionMembers Read(Diagnostic diagnostic, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var outside = new HashSet<int>();
        if (diagnostic.Properties.TryGetValue(ConnectionFixData.MembersOutsideSource, out var positions) && positions is not null)
        {
            foreach (var text in positions.Split(','))
            {
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position))
                {
                    outside.Add(position);
                }
            }
        }

        var locations = diagnostic.AdditionalLocations;
        var builder = ImmutableArray.CreateBuilder<ISymbol?>();
        for (int position = 0, next = 0; next < locations.Count || outside.Contains(position); position++)
        {
            builder.Add(outside.Contains(position) ? null : DeclaredAt(locations[next++], semanticModel, cancellationToken));
        }

        return new ConnectionMembers(builder.ToImmutable());
    }

    /// <summary>Whether <paramref name="symbol"/> (as bound in code, maybe of a constructed type) is one of the members.</summary>
    public bool Contains(ISymbol? symbol) =>
        symbol is not null && All.Contains(symbol.OriginalDefinition, SymbolEqualityComparer.Default);

    /// <summary>
    /// Whether the member's name at <paramref name="position"/> means the member: a local or parameter in scope, a
    /// field or property not hidden by a local of the same name.
    /// </summary>
    public static bool IsNamedAt(ISymbol member, int position, SemanticModel semanticModel) =>
        semanticModel.LookupSymbols(position, name: member.Name)
            .Any(symbol => SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, member));

    /// <summary>
    /// An expression for the member at <paramref name="position"/>: its name, or <c>this.name</c> where a local of the
    /// same name hides the field; null where the member cannot be reached there (a local out of scope).
    /// </summary>
    public static ExpressionSyntax? ExpressionAt(ISymbol member, int position, SemanticModel semanticModel)
    {
        if (IsNamedAt(member, position, semanticModel))
        {
            return IdentifierName(member.Name);
        }

        return member is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false } &&
               semanticModel.GetEnclosingSymbol(position) is { IsStatic: false } enclosing &&
               IsOrDerivesFrom(enclosing.ContainingType, member.ContainingType)
            ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ThisExpression(), IdentifierName(member.Name))
            : null;
    }

    private static bool IsOrDerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol declaring)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, declaring.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type of a local, parameter, field or property.</summary>
    public static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>The local, parameter, field or property declared by the node at exactly <paramref name="location"/>.</summary>
    private static ISymbol? DeclaredAt(Location location, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var compilation = semanticModel.Compilation;
        if (!location.IsInSource || TreeOf(location.SourceTree!, compilation) is not { } tree)
        {
            return null;
        }

        var root = tree.GetRoot(cancellationToken);
        var span = location.SourceSpan;
        if (span.End > root.FullSpan.End)
        {
            return null;
        }

        var model = tree == semanticModel.SyntaxTree ? semanticModel : compilation.GetSemanticModel(tree);
        for (var node = root.FindNode(span, getInnermostNodeForTie: true); node is not null && node.Span == span; node = node.Parent)
        {
            if (model.GetDeclaredSymbol(node, cancellationToken) is { } symbol and (ILocalSymbol or IParameterSymbol or IFieldSymbol or IPropertySymbol))
            {
                return symbol.OriginalDefinition;
            }
        }

        return null;
    }

    /// <summary>
    /// The compilation's tree for a location: the same tree, or (a diagnostic brought back from another process)
    /// the tree of the same file.
    /// </summary>
    private static SyntaxTree? TreeOf(SyntaxTree tree, Compilation compilation)
    {
        if (compilation.ContainsSyntaxTree(tree))
        {
            return tree;
        }

        return tree.FilePath.Length == 0 ? null : compilation.SyntaxTrees.FirstOrDefault(candidate => candidate.FilePath == tree.FilePath);
    }
}
