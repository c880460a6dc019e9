using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using SocketAnalyzers.Model;
using SocketAnalyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// SOCK004 fix: <c>catch (SocketException se)</c> becomes
/// <c>catch (IOException e) when (e.InnerException is SocketException se)</c> — the old variable becomes the
/// pattern variable, so the handler's uses of it now see the inner SocketException unchanged. An existing filter is
/// kept after <c>&amp;&amp;</c>. Every SocketException clause of the same try is rewritten at once: the analyzer
/// reports each of them, and once one clause takes IOException the rule no longer looks at the others, so fixing
/// one at a time and fixing all must give the same code. For a try block that also calls Socket members (the
/// diagnostic's <see cref="SocketExceptionCatchAroundStreamAnalyzer.FixData.MixedProperty"/>), each SocketException
/// clause stays, for those calls, and that IOException clause, with the same handler, is added right after it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketExceptionCatchAroundStreamCodeFix)), Shared]
public sealed class SocketExceptionCatchAroundStreamCodeFix : DocumentCodeFixProvider
{
    public const string EquivalenceKey = "SOCK004.CatchIOExceptionWithInnerSocketException";

    private static readonly string[] s_preferredNames = { "e", "ex", "exception", "ioException" };

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.SocketExceptionCatchAroundStream);

    protected override string TitleResourceKey => "SOCK004_FixTitle";

    protected override string ActionEquivalenceKey => EquivalenceKey;

    protected override bool CanFix(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        TryStatementOf(root, diagnostic) is { } tryStatement && Rewrites(tryStatement, semanticModel, cancellationToken).Count > 0 &&
        (!IsMixed(diagnostic) || CanAddBeside(tryStatement, semanticModel, cancellationToken));

    private static bool IsMixed(Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(SocketExceptionCatchAroundStreamAnalyzer.FixData.MixedProperty);

    protected override async Task<Document> FixAllInDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        var replacements = new Dictionary<CatchClauseSyntax, CatchClauseSyntax>();
        var additions = new Dictionary<TryStatementSyntax, Dictionary<int, string>>();
        foreach (var group in diagnostics.Select(d => (Try: TryStatementOf(root, d), Mixed: IsMixed(d))).Where(d => d.Try is not null).GroupBy(d => d.Try!))
        {
            var tryStatement = group.Key;
            var rewrites = Rewrites(tryStatement, semanticModel, cancellationToken);
            if (!group.Any(d => d.Mixed))
            {
                foreach (var pair in rewrites)
                {
                    replacements[pair.Key] = pair.Value;
                }
            }
            else if (rewrites.Count > 0 && CanAddBeside(tryStatement, semanticModel, cancellationToken))
            {
                // Each new clause is built when the try is rebuilt, from its clause as rewritten inside (a nested fix).
                additions[tryStatement] = rewrites.ToDictionary(
                    pair => tryStatement.Catches.IndexOf(pair.Key),
                    pair => ((CatchDeclarationSyntax)pair.Value.Declaration!).Identifier.ValueText);
            }
        }

        if (replacements.Count == 0 && additions.Count == 0)
        {
            return document;
        }

        SyntaxNode Replace(SyntaxNode original, SyntaxNode rewritten) => original switch
        {
            CatchClauseSyntax clause => replacements[clause],
            TryStatementSyntax tryStatement => WithClausesBeside((TryStatementSyntax)rewritten, additions[tryStatement]),
            _ => rewritten,
        };

        var changed = document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys.Cast<SyntaxNode>().Concat(additions.Keys), Replace));
        var reduced = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);

        // A clause that never fired and now does may check one peer-gone code alone: SOCK002's fix adds the twin.
        return await CrossRuleChecks.NameBothTwinsAsync(document, reduced, cancellationToken).ConfigureAwait(false);
    }

    private static TryStatementSyntax? TryStatementOf(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
            .FirstAncestorOrSelf<CatchDeclarationSyntax>()?.Parent?.Parent as TryStatementSyntax;

    /// <summary>Each SocketException clause of the try and what replaces it; empty when no correct rewrite exists.</summary>
    private static Dictionary<CatchClauseSyntax, CatchClauseSyntax> Rewrites(TryStatementSyntax tryStatement, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var rewrites = new Dictionary<CatchClauseSyntax, CatchClauseSyntax>();
        var model = ConnectionModel.TryCreate(semanticModel.Compilation);
        if (model is null)
        {
            return rewrites;
        }

        var languageVersion = (tryStatement.SyntaxTree.Options as CSharpParseOptions)?.LanguageVersion ?? LanguageVersion.Latest;
        var namesInScope = NamesInEnclosingCode(tryStatement);
        foreach (var clause in tryStatement.Catches)
        {
            if (clause.Declaration is not { } declaration ||
                !model.IsSocketException(semanticModel.GetTypeInfo(declaration.Type, cancellationToken).Type))
            {
                continue;
            }

            var keepsVariable = declaration.Identifier.ValueText.Length > 0;
            if (keepsVariable && languageVersion < LanguageVersion.CSharp7)
            {
                // The variable would need a declaration pattern (C# 7).
                rewrites.Clear();
                return rewrites;
            }

            rewrites[clause] = Rewrite(clause, declaration, FreshName(clause, namesInScope, semanticModel));
        }

        return rewrites;
    }

    private static CatchClauseSyntax Rewrite(CatchClauseSyntax clause, CatchDeclarationSyntax declaration, string ioName)
    {
        var socketType = declaration.Type.WithoutTrivia();
        var inner = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(ioName), IdentifierName("InnerException"));
        var isKeyword = Token(SyntaxKind.IsKeyword).WithLeadingTrivia(Space).WithTrailingTrivia(Space);
        ExpressionSyntax test = declaration.Identifier.ValueText.Length > 0
            ? IsPatternExpression(
                inner,
                isKeyword,
                DeclarationPattern(socketType, SingleVariableDesignation(declaration.Identifier.WithoutTrivia().WithLeadingTrivia(Space))))
            : BinaryExpression(SyntaxKind.IsExpression, inner, isKeyword, socketType);

        SyntaxTriviaList trailing;
        if (clause.Filter is { } filter)
        {
            test = BinaryExpression(
                SyntaxKind.LogicalAndExpression,
                test,
                Token(SyntaxKind.AmpersandAmpersandToken).WithLeadingTrivia(Space).WithTrailingTrivia(Space),
                BindsTighterThanAnd(filter.FilterExpression)
                    ? filter.FilterExpression.WithoutTrivia()
                    : ParenthesizedExpression(filter.FilterExpression.WithoutTrivia()));
            trailing = filter.CloseParenToken.TrailingTrivia;
        }
        else
        {
            trailing = declaration.CloseParenToken.TrailingTrivia;
        }

        var ioType = ParseTypeName("global::System.IO.IOException").WithAdditionalAnnotations(Simplifier.Annotation);
        var newDeclaration = CatchDeclaration(
            declaration.OpenParenToken,
            ioType.WithTriviaFrom(declaration.Type),
            Identifier(ioName).WithLeadingTrivia(Space),
            declaration.CloseParenToken.WithTrailingTrivia());
        var newFilter = CatchFilterClause(
            Token(SyntaxKind.WhenKeyword).WithLeadingTrivia(Space).WithTrailingTrivia(Space),
            Token(SyntaxKind.OpenParenToken),
            test,
            Token(SyntaxKind.CloseParenToken).WithTrailingTrivia(trailing));
        return clause.WithDeclaration(newDeclaration).WithFilter(newFilter);
    }

    /// <summary>
    /// Whether an IOException clause can follow each SocketException clause of <paramref name="tryStatement"/>: no later
    /// clause takes a type derived from IOException (it would come after a clause that takes all its exceptions).
    /// </summary>
    private static bool CanAddBeside(TryStatementSyntax tryStatement, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var model = ConnectionModel.TryCreate(semanticModel.Compilation);
        var seenSocketClause = false;
        foreach (var clause in tryStatement.Catches)
        {
            var caught = clause.Declaration is { } declaration ? semanticModel.GetTypeInfo(declaration.Type, cancellationToken).Type : null;
            if (model is null || caught is null)
            {
                return false;
            }

            if (model.IsSocketException(caught))
            {
                seenSocketClause = true;
            }
            else if (seenSocketClause && ConnectionModel.InheritsFrom(caught, model.IOException))
            {
                return false;
            }
        }

        return seenSocketClause;
    }

    /// <summary>
    /// <paramref name="tryStatement"/> with, after the clause at each index of <paramref name="ioNames"/>, the catch of
    /// IOException filtered on that clause's type (its variable and filter kept) with the same handler.
    /// </summary>
    private static TryStatementSyntax WithClausesBeside(TryStatementSyntax tryStatement, Dictionary<int, string> ioNames)
    {
        var catches = new List<CatchClauseSyntax>();
        for (var index = 0; index < tryStatement.Catches.Count; index++)
        {
            var clause = tryStatement.Catches[index];
            catches.Add(clause);
            if (ioNames.TryGetValue(index, out var ioName) && clause.Declaration is { } declaration)
            {
                var beside = Rewrite(clause, declaration, ioName);
                catches.Add(beside.WithLeadingTrivia(clause.GetLeadingTrivia()));
            }
        }

        return tryStatement.WithCatches(List(catches));
    }

    /// <summary>Whether <c>test &amp;&amp; expression</c> keeps <paramref name="expression"/> whole without parentheses.</summary>
    private static bool BindsTighterThanAnd(ExpressionSyntax expression) => expression switch
    {
        BinaryExpressionSyntax binary => !binary.IsKind(SyntaxKind.LogicalOrExpression) && !binary.IsKind(SyntaxKind.CoalesceExpression),
        ConditionalExpressionSyntax or AssignmentExpressionSyntax or LambdaExpressionSyntax or QueryExpressionSyntax or
            ThrowExpressionSyntax or RangeExpressionSyntax or SwitchExpressionSyntax or WithExpressionSyntax => false,
        _ => true,
    };

    /// <summary>
    /// A name for the IOException variable that no code around would confuse: not an identifier written anywhere in the
    /// enclosing member (its locals, parameters, and the names the handler uses), nor a local or parameter in scope.
    /// </summary>
    private static string FreshName(CatchClauseSyntax clause, HashSet<string> namesInScope, SemanticModel semanticModel)
    {
        bool IsFree(string name) =>
            !namesInScope.Contains(name) &&
            !semanticModel.LookupSymbols(clause.SpanStart, name: name).Any(s => s is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol);

        foreach (var name in s_preferredNames)
        {
            if (IsFree(name))
            {
                return name;
            }
        }

        for (var suffix = 1; ; suffix++)
        {
            var name = "ioException" + suffix;
            if (IsFree(name))
            {
                return name;
            }
        }
    }

    private static HashSet<string> NamesInEnclosingCode(SyntaxNode node)
    {
        SyntaxNode scope = node.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) as SyntaxNode
            ?? node.SyntaxTree.GetRoot();
        return new HashSet<string>(
            scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText),
            System.StringComparer.Ordinal);
    }
}
