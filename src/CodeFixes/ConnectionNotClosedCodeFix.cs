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
using Microsoft.CodeAnalysis.Formatting;
using SocketAnalyzers.CodeFixes.CloseSequences;
using SocketAnalyzers.Model;
using SocketAnalyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// SOCK005 fixes, for a connection created as the initializer of a local declaration (<c>var x = &lt;creation&gt;;</c>)
/// directly in a block:
/// <list type="bullet">
/// <item>"Dispose it with 'using'": <c>using var x = ...;</c> (C# 8+), or <c>using (var x = ...) { rest of the block }</c>
/// before C# 8. Offered when the type is <see cref="System.IDisposable"/>.</item>
/// <item>"Close it in 'finally', shutting down first": <c>var x = ...; try { rest of the block } finally { normal-end
/// close sequence }</c> — the peer gets an end of stream rather than a reset even when it sent bytes not read here
/// (what SOCK008 asks for).</item>
/// <item>For a connection the method returns (a factory) and leaks only when a call before the return throws:
/// <c>var x = ...; try { rest of the block } catch { after-error close sequence; throw; }</c>.</item>
/// </list>
/// No fix when the connection is handed off in any other way (stored, passed on, captured by a lambda, given to a
/// pending operation: disposing it at the end of the scope would close a connection that lives on; see
/// <see cref="MethodOwnership.StaysInFunction"/>), when the local is assigned again, or when the creation is not a
/// local declaration's initializer.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConnectionNotClosedCodeFix)), Shared]
public sealed class ConnectionNotClosedCodeFix : CodeFixProvider
{
    public const string UsingEquivalenceKey = "SOCK005.Using";
    public const string CloseInFinallyEquivalenceKey = "SOCK005.CloseInFinally";
    public const string CloseOnExceptionEquivalenceKey = "SOCK005.CloseOnException";

    private enum FixKind
    {
        UsingDeclaration,
        UsingStatement,
        CloseInFinally,
        CloseOnException,
    }

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ConnectionNotClosed);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var plan in Plans(root, semanticModel, diagnostic, context.CancellationToken))
            {
                var key = KeyOf(plan.Kind);
                if (key == UsingEquivalenceKey && await ClosesWithoutShutdownAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
                {
                    // SOCK008 would report the close 'using' makes: "close in finally, shutting down first" is the fix.
                    continue;
                }

                var title = plan.Kind switch
                {
                    FixKind.UsingDeclaration or FixKind.UsingStatement => FixTitle("SOCK005_FixTitleUsing"),
                    FixKind.CloseInFinally => FixTitle("SOCK005_FixTitleCloseInFinally"),
                    _ => FixTitle("SOCK005_FixTitleCloseOnException"),
                };
                context.RegisterCodeFix(
                    CodeAction.Create(title, cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), key, cancellationToken), key),
                    diagnostic);
            }
        }
    }

    private static async Task<bool> ClosesWithoutShutdownAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        await CrossRuleChecks.AddsDiagnosticsAsync(
            document,
            await FixAsync(document, ImmutableArray.Create(diagnostic), UsingEquivalenceKey, cancellationToken).ConfigureAwait(false),
            CrossRuleChecks.CloseWithoutShutdown,
            cancellationToken).ConfigureAwait(false);

    private static string FixTitle(string key) => Resources.ResourceManager.GetString(key) ?? key;

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        if (context.CodeActionEquivalenceKey is not { } key)
        {
            return null;
        }

        if (key == UsingEquivalenceKey)
        {
            // The same connections as one at a time: none whose 'using' close SOCK008 would report.
            var offered = ImmutableArray.CreateBuilder<Diagnostic>();
            foreach (var diagnostic in diagnostics)
            {
                if (!await ClosesWithoutShutdownAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false))
                {
                    offered.Add(diagnostic);
                }
            }

            diagnostics = offered.ToImmutable();
        }

        return await FixAsync(document, diagnostics, key, context.CancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        var plans = new List<Plan>();
        foreach (var diagnostic in diagnostics)
        {
            var plan = Plans(root, semanticModel, diagnostic, cancellationToken).FirstOrDefault(p => KeyOf(p.Kind) == equivalenceKey);
            if (plan is not null && !plans.Any(other => other.Declaration == plan.Declaration))
            {
                plans.Add(plan);
            }
        }

        if (plans.Count == 0)
        {
            return document;
        }

        // Each plan wraps (or marks) the statements after its declaration; a later declaration may be among them, so
        // every declaration is found again by its annotation in the tree the earlier plans produced.
        var annotations = plans.ToDictionary(plan => plan, _ => new SyntaxAnnotation(nameof(ConnectionNotClosedCodeFix)));
        var newRoot = root.ReplaceNodes(plans.Select(plan => plan.Declaration), (original, rewritten) =>
            rewritten.WithAdditionalAnnotations(annotations[plans.First(plan => plan.Declaration == original)]));
        foreach (var plan in plans.OrderByDescending(plan => plan.Declaration.SpanStart))
        {
            var declaration = (LocalDeclarationStatementSyntax)newRoot.GetAnnotatedNodes(annotations[plan]).Single();
            newRoot = Apply(newRoot, declaration, plan);
        }

        return await FileIndentation.FollowAsync(document, document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
    }

    private static string KeyOf(FixKind kind) => kind switch
    {
        FixKind.UsingDeclaration or FixKind.UsingStatement => UsingEquivalenceKey,
        FixKind.CloseInFinally => CloseInFinallyEquivalenceKey,
        _ => CloseOnExceptionEquivalenceKey,
    };

    private static SyntaxNode Apply(SyntaxNode root, LocalDeclarationStatementSyntax declaration, Plan plan)
    {
        var block = (BlockSyntax)declaration.Parent!;
        var index = block.Statements.IndexOf(declaration);
        var rest = block.Statements.Skip(index + 1).ToList();
        var before = block.Statements.Take(index).ToList();
        var statements = new List<StatementSyntax>(before);
        switch (plan.Kind)
        {
            case FixKind.UsingDeclaration:
                statements.Add(declaration
                    .WithoutLeadingTrivia()
                    .WithUsingKeyword(Token(declaration.GetLeadingTrivia(), SyntaxKind.UsingKeyword, TriviaList(Space))));
                statements.AddRange(rest);
                break;
            case FixKind.UsingStatement:
                statements.Add(UsingStatement(declaration.Declaration.WithoutTrivia(), expression: null, Block(rest))
                    .WithLeadingTrivia(declaration.GetLeadingTrivia())
                    .WithTrailingTrivia(declaration.GetTrailingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation));
                break;
            case FixKind.CloseInFinally:
                statements.Add(declaration);
                statements.Add(TryStatement(Block(rest), List<CatchClauseSyntax>(), FinallyClause(Block(plan.Closes)))
                    .WithAdditionalAnnotations(Formatter.Annotation));
                break;
            case FixKind.CloseOnException:
                statements.Add(declaration);
                statements.Add(TryStatement(
                        Block(rest),
                        SingletonList(CatchClause().WithBlock(Block(plan.Closes.Add(ThrowStatement())))),
                        @finally: null)
                    .WithAdditionalAnnotations(Formatter.Annotation));
                break;
        }

        return root.ReplaceNode(block, block.WithStatements(List(statements)));
    }

    /// <summary>The fixes that are correct for this diagnostic, the preferred first.</summary>
    private static IEnumerable<Plan> Plans(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(ConnectionNotClosedAnalyzer.HandOffProperty, out var handOff) ||
            !diagnostic.Properties.TryGetValue(ConnectionNotClosedAnalyzer.LeakKindProperty, out var leakKind) ||
            handOff == "Other")
        {
            yield break;
        }

        var creation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (DeclarationOf(creation) is not { } declaration ||
            declaration.Parent is not BlockSyntax block ||
            semanticModel.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local ||
            local.Type.TypeKind == TypeKind.Error ||
            IsAssignedAgain(semanticModel, block, declaration, local))
        {
            yield break;
        }

        var rest = block.Statements.Skip(block.Statements.IndexOf(declaration) + 1).ToList();
        if (IsCopiedOutOfTheBlock(semanticModel, rest, local, cancellationToken))
        {
            // Closing at the end of the block would close what a variable outside it still uses.
            yield break;
        }

        var model = ConnectionModel.TryCreate(semanticModel.Compilation);
        if (model is null || handOff != "Return" && !MethodOwnership.StaysInFunction(local, semanticModel, model, cancellationToken))
        {
            // Handed to a task, a registry or a pending operation: closing it at the end of the scope would break that
            // code while it still uses it. The diagnostic stays; the fix is the author's.
            yield break;
        }

        var shape = ConnectionShapes.Of(local.Type, model);
        var name = IdentifierName(local.Name);
        var labels = rest.Any(statement => statement is LabeledStatementSyntax);
        // Moving the rest of the block into a nested block: a local function there may be called from before the
        // declaration, and a jump to a label there from outside would no longer compile.
        var canWrapRest = !labels && !rest.Any(statement => statement is LocalFunctionStatementSyntax);

        if (handOff == "Return")
        {
            // A factory: only exception paths may close it, or the caller would get a closed connection. Every path
            // through the rest of the block must leave the method there, so nothing after the try can throw.
            if (leakKind == "Exception" && canWrapRest && shape is { } factoryShape && !ContainsYield(rest) &&
                rest.Count > 0 && semanticModel.AnalyzeControlFlow(rest[0], rest[rest.Count - 1]) is { Succeeded: true, EndPointIsReachable: false })
            {
                yield return new Plan(FixKind.CloseOnException, declaration, CloseSequence.AfterError(name, factoryShape));
            }

            yield break;
        }

        if (IsDisposable(local.Type, semanticModel.Compilation))
        {
            var languageVersion = ((CSharpParseOptions)declaration.SyntaxTree.Options).LanguageVersion;
            if (languageVersion >= LanguageVersion.CSharp8)
            {
                // 'goto' may not jump past a using declaration to a label after it.
                if (!labels)
                {
                    yield return new Plan(FixKind.UsingDeclaration, declaration, ImmutableArray<StatementSyntax>.Empty);
                }
            }
            else if (canWrapRest)
            {
                yield return new Plan(FixKind.UsingStatement, declaration, ImmutableArray<StatementSyntax>.Empty);
            }
        }

        if (shape is { } normalEndShape && canWrapRest)
        {
            yield return new Plan(FixKind.CloseInFinally, declaration, CloseSequence.NormalEnd(name, normalEndShape));
        }
    }

    /// <summary>
    /// The local declaration statement whose only variable is initialized with the creation, seen through
    /// parentheses, casts, <c>!</c>, <c>await</c> and <c>.ConfigureAwait(..)</c>; null when the creation is used any other way.
    /// </summary>
    private static LocalDeclarationStatementSyntax? DeclarationOf(SyntaxNode creation)
    {
        var node = creation;
        while (true)
        {
            switch (node.Parent)
            {
                case ParenthesizedExpressionSyntax or CastExpressionSyntax or AwaitExpressionSyntax:
                case PostfixUnaryExpressionSyntax parent when parent.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    node = node.Parent;
                    continue;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access when access.Expression == node &&
                                                                                                       access.Parent is InvocationExpressionSyntax:
                    node = access.Parent;
                    continue;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } } }
                    when statement.UsingKeyword.IsKind(SyntaxKind.None) && statement.Modifiers.Count == 0:
                    return statement;
                default:
                    return null;
            }
        }
    }

    /// <summary>A using variable is read-only, and a later value would be closed instead of this one.</summary>
    private static bool IsAssignedAgain(SemanticModel semanticModel, BlockSyntax block, LocalDeclarationStatementSyntax declaration, ILocalSymbol local)
    {
        var index = block.Statements.IndexOf(declaration);
        if (index == block.Statements.Count - 1)
        {
            return false;
        }

        var flow = semanticModel.AnalyzeDataFlow(block.Statements[index + 1], block.Statements.Last());
        return flow is null || !flow.Succeeded || flow.WrittenInside.Contains(local, SymbolEqualityComparer.Default);
    }

    /// <summary>
    /// <c>outer = local</c> (or a wrapper of it) where <c>outer</c> is declared before the block's rest: the connection
    /// lives on after the block, under another name.
    /// </summary>
    private static bool IsCopiedOutOfTheBlock(SemanticModel semanticModel, List<StatementSyntax> rest, ILocalSymbol local, CancellationToken cancellationToken)
    {
        if (rest.Count == 0)
        {
            return false;
        }

        var scope = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(rest[0].SpanStart, rest[rest.Count - 1].Span.End);
        foreach (var assignment in rest.SelectMany(statement => statement.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>()))
        {
            var mentionsLocal = assignment.Right.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(name =>
                name.Identifier.ValueText == local.Name &&
                SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(name, cancellationToken).Symbol, local));
            if (mentionsLocal &&
                semanticModel.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is ILocalSymbol target &&
                !target.DeclaringSyntaxReferences.Any(reference => scope.Contains(reference.Span)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDisposable(ITypeSymbol type, Compilation compilation) =>
        compilation.GetSpecialType(SpecialType.System_IDisposable) is { TypeKind: not TypeKind.Error } disposable &&
        compilation.ClassifyCommonConversion(type, disposable).IsImplicit;

    private static bool ContainsYield(IEnumerable<StatementSyntax> statements) =>
        statements.Any(statement => statement
            .DescendantNodesAndSelf(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(node => node is YieldStatementSyntax));

    private sealed class Plan
    {
        public Plan(FixKind kind, LocalDeclarationStatementSyntax declaration, ImmutableArray<StatementSyntax> closes)
        {
            Kind = kind;
            Declaration = declaration;
            Closes = closes;
        }

        public FixKind Kind { get; }
        public LocalDeclarationStatementSyntax Declaration { get; }
        public ImmutableArray<StatementSyntax> Closes { get; }
    }
}
