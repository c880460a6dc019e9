using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SocketAnalyzers.CodeFixes.CloseSequences;
using SocketAnalyzers.Model;
using SocketAnalyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// SOCK006 fix "Leave the loop at the end of the stream": right after the read, <c>if (n == 0) break;</c>, with
/// <c>owner.Dispose();</c> before the break where the method owns the connection and nothing after the loop uses it
/// (<see cref="MethodOwnership"/>); <c>-1</c> for ReadByte/Read(), <c>null</c> for ReadLine. A discarded result gets a variable (<c>var n = s.Read(..);</c>); a result used inside a bigger
/// expression is first read into one when that does not change the order of side effects. No fix where
/// <c>break</c> would not leave the read loop (inside a switch section or a finally).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ZeroByteReadNotEndOfStreamCodeFix)), Shared]
public sealed class ZeroByteReadNotEndOfStreamCodeFix : DocumentCodeFixProvider
{
    public const string EquivalenceKey = "SOCK006.EndConnectionAtEndOfStream";

    /// <summary>Marks a block that replaced one statement, to be spliced into the block around it.</summary>
    private static readonly SyntaxAnnotation s_splice = new(nameof(ZeroByteReadNotEndOfStreamCodeFix));

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ZeroByteReadNotEndOfStream);

    protected override string TitleResourceKey => "SOCK006_FixTitle";

    protected override string ActionEquivalenceKey => EquivalenceKey;

    // The close it inserts must not shut down a connection this file still writes to after the call (SOCK007).
    protected override ImmutableArray<DiagnosticAnalyzer> RulesNotToTrigger { get; } = ImmutableArray.Create(CrossRuleChecks.WriteAfterShutdown);

    protected override bool CanFix(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Plan(root, semanticModel, diagnostic, new Dictionary<SyntaxNode, HashSet<string>>(), cancellationToken) is not null;

    protected override async Task<Document> FixAllInDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        // Names taken per member, so two fixes in one method do not introduce the same variable.
        var takenNames = new Dictionary<SyntaxNode, HashSet<string>>();
        var plans = new List<FixPlan>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            // Two reads in one statement: the second is fixed in the next round, as one at a time would.
            if (Plan(root, semanticModel, diagnostic, takenNames, cancellationToken) is { } plan &&
                !plans.Any(earlier => earlier.Statement.Span.IntersectsWith(plan.Statement.Span)))
            {
                plans.Add(plan);
                if (plan.IntroducedName is { } introduced)
                {
                    takenNames[plan.Member].Add(introduced);
                }
            }
        }

        var byStatement = plans.ToDictionary(plan => (SyntaxNode)plan.Statement);
        var newRoot = root.ReplaceNodes(
            byStatement.Keys,
            (original, _) => Block(byStatement[original].Replacement).WithAdditionalAnnotations(s_splice));
        newRoot = new BlockFlattener().Visit(newRoot);
        return document.WithSyntaxRoot(newRoot);
    }

    private static FixPlan? Plan(
        SyntaxNode root,
        SemanticModel semanticModel,
        Diagnostic diagnostic,
        Dictionary<SyntaxNode, HashSet<string>> takenNames,
        CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(ZeroByteReadNotEndOfStreamAnalyzer.EndValueProperty, out var endText) ||
            endText is null ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } read)
        {
            return null;
        }

        var result = ResultExpression(read);
        if (result.FirstAncestorOrSelf<StatementSyntax>() is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax) ||
            result.FirstAncestorOrSelf<StatementSyntax>() is not { } statement ||
            statement is LocalDeclarationStatementSyntax { IsConst: true } or LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } ||
            statement.Parent is not (BlockSyntax or WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax or
                IfStatementSyntax or ElseClauseSyntax or UsingStatementSyntax or LockStatementSyntax) ||
            !BreakLeavesTheReadLoop(statement) ||
            HasFunctionBetween(result, statement) ||
            statement.FirstAncestorOrSelf<SyntaxNode>(n => n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax) is not StatementSyntax loop ||
            !StillCompilesWhenTheLoopCanEnd(loop, semanticModel, cancellationToken))
        {
            return null;
        }

        var model = ConnectionModel.TryCreate(semanticModel.Compilation);
        if (model is null)
        {
            return null;
        }

        // At the end of the stream nothing is left unread, so a plain close ends the connection cleanly; it is added
        // only where this method owns the connection and nothing after the loop uses it (else the owner closes it).
        var members = ConnectionMembers.Read(diagnostic, semanticModel, cancellationToken);
        var owner = MethodOwnership.OwnerToClose(members, statement, semanticModel, model, cancellationToken);
        var closes = owner is null || MethodOwnership.IsUsedAfter(owner, loop)
            ? ImmutableArray<StatementSyntax>.Empty
            : ImmutableArray.Create(MethodOwnership.Dispose(owner));

        // Top-level statements share one scope: the whole file is their member.
        var member = statement.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) ?? root;
        if (!takenNames.TryGetValue(member, out var taken))
        {
            taken = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            foreach (var symbol in semanticModel.LookupSymbols(statement.SpanStart))
            {
                taken.Add(symbol.Name);
            }

            takenNames.Add(member, taken);
        }

        var endValue = EndValue(endText);
        var statements = new List<StatementSyntax>();
        string? introduced = null;
        if (IsDiscarded(statement, result, semanticModel, cancellationToken))
        {
            introduced = NewName(BaseName(endText), taken);
            statements.Add(Declare(introduced, result).WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(statement.GetTrailingTrivia()));
            statements.Add(EndTest(IdentifierName(introduced), endValue, closes).WithTrailingTrivia(LineEnd(statement)));
        }
        else if (HeldBy(statement, result, semanticModel, cancellationToken) is { } holder)
        {
            statements.Add(statement);
            statements.Add(EndTest(holder, endValue, closes).WithTrailingTrivia(LineEnd(statement)));
        }
        else if (CanReadFirst(statement, result))
        {
            introduced = NewName(BaseName(endText), taken);
            statements.Add(Declare(introduced, result.WithoutTrivia()).WithLeadingTrivia(statement.GetLeadingTrivia()));
            statements.Add(EndTest(IdentifierName(introduced), endValue, closes));
            statements.Add(statement
                .ReplaceNode(result, IdentifierName(introduced).WithTriviaFrom(result))
                .WithLeadingTrivia(ElasticMarker)
                .WithAdditionalAnnotations(Formatter.Annotation));
        }
        else
        {
            return null;
        }

        return new FixPlan(statement, member, statements.ToImmutableArray(), introduced);
    }

    /// <summary>The read's result as an expression: through parentheses, <c>ConfigureAwait(..)</c> and <c>await</c>.</summary>
    private static ExpressionSyntax ResultExpression(InvocationExpressionSyntax read)
    {
        ExpressionSyntax result = read;
        while (true)
        {
            switch (result.Parent)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    result = parenthesized;
                    continue;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configureAwait } access
                    when access.Expression == result:
                    result = configureAwait;
                    continue;
                case AwaitExpressionSyntax awaited:
                    result = awaited;
                    continue;
                default:
                    return result;
            }
        }
    }

    /// <summary><c>read;</c> or <c>_ = read;</c>.</summary>
    private static bool IsDiscarded(StatementSyntax statement, ExpressionSyntax result, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        statement is ExpressionStatementSyntax expressionStatement &&
        (expressionStatement.Expression == result ||
         expressionStatement.Expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } discard } assignment &&
         assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Right == result &&
         semanticModel.GetSymbolInfo(discard, cancellationToken).Symbol is null or IDiscardSymbol);

    /// <summary>
    /// The variable the statement stores the result in as it is (<c>var n = read;</c>, <c>n = read;</c>,
    /// <c>this.count = read;</c>), or null when it stores something else or converts it (<c>(byte)s.ReadByte()</c>).
    /// </summary>
    private static ExpressionSyntax? HeldBy(StatementSyntax statement, ExpressionSyntax result, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        switch (statement)
        {
            case LocalDeclarationStatementSyntax declaration:
                foreach (var declarator in declaration.Declaration.Variables)
                {
                    if (declarator.Initializer?.Value == result &&
                        semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local &&
                        KeepsValue(result, local.Type, semanticModel, cancellationToken))
                    {
                        return IdentifierName(declarator.Identifier.ValueText);
                    }
                }

                return null;

            case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment }
                when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Right == result &&
                     assignment.Left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax }:
                var symbol = semanticModel.GetSymbolInfo(assignment.Left, cancellationToken).Symbol;
                var type = symbol switch
                {
                    ILocalSymbol l => l.Type,
                    IParameterSymbol { RefKind: RefKind.None } p => p.Type,
                    IFieldSymbol { IsReadOnly: false } f => f.Type,
                    _ => null,
                };
                return type is not null && KeepsValue(result, type, semanticModel, cancellationToken)
                    ? assignment.Left.WithoutTrivia()
                    : null;

            default:
                return null;
        }
    }

    /// <summary>Storing the result in <paramref name="type"/> keeps 0, -1 and null as they are (identity or a widening conversion).</summary>
    private static bool KeepsValue(ExpressionSyntax result, ITypeSymbol type, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var conversion = semanticModel.ClassifyConversion(result, type);
        if (conversion.IsIdentity)
        {
            return true;
        }

        return conversion.IsImplicit && conversion.IsNumeric && semanticModel.GetTypeInfo(result, cancellationToken).Type?.SpecialType == SpecialType.System_Int32 &&
               type.SpecialType is SpecialType.System_Int64 or SpecialType.System_Double or SpecialType.System_Decimal or SpecialType.System_Single;
    }

    /// <summary>
    /// Whether the read can move into its own statement before this one without changing what runs first: it is not
    /// under a condition (<c>?:</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>??</c>, <c>?.</c>) and nothing evaluated before it has side effects.
    /// </summary>
    private static bool CanReadFirst(StatementSyntax statement, ExpressionSyntax result)
    {
        for (SyntaxNode node = result; node != statement; node = node.Parent!)
        {
            var parent = node.Parent!;
            switch (parent)
            {
                case ConditionalExpressionSyntax conditional when conditional.Condition != node:
                case BinaryExpressionSyntax binary when binary.Right == node &&
                    binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression or SyntaxKind.CoalesceExpression:
                case AssignmentExpressionSyntax coalesceAssignment when coalesceAssignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                case ConditionalAccessExpressionSyntax access when access.WhenNotNull == node:
                case SwitchExpressionSyntax or SwitchExpressionArmSyntax or QueryExpressionSyntax:
                    return false;
            }
        }

        foreach (var before in statement.DescendantNodes().Where(n => n.Span.End <= result.SpanStart))
        {
            if (before is InvocationExpressionSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or
                AssignmentExpressionSyntax or AwaitExpressionSyntax or ElementAccessExpressionSyntax or
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } or
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>break</c> at the statement leaves the innermost loop around it, which is the read loop: not when a switch
    /// section (break would only leave the switch), a finally, or a lambda comes first.
    /// </summary>
    private static bool BreakLeavesTheReadLoop(StatementSyntax statement)
    {
        for (var node = statement.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                    return true;
                case SwitchSectionSyntax or FinallyClauseSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// A loop whose end could not be reached before (<c>while (true)</c> without a break) can end after the fix, and
    /// what follows it runs: that must still compile. The method must not need a value there (CS0161), a switch
    /// section must not fall through (CS0163), and the code after it must not read a local that only the loop
    /// assigned (CS0165). Where that cannot be told, no fix.
    /// </summary>
    private static bool StillCompilesWhenTheLoopCanEnd(StatementSyntax loop, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var flow = semanticModel.AnalyzeControlFlow(loop);
        if (flow is null || !flow.Succeeded || flow.EndPointIsReachable)
        {
            return flow?.Succeeded == true;
        }

        SyntaxNode node = loop;
        while (node.Parent is { } parent)
        {
            switch (parent)
            {
                case BlockSyntax block:
                    var after = block.Statements.Skip(block.Statements.IndexOf((StatementSyntax)node) + 1).ToList();
                    if (after.Count > 0)
                    {
                        if (ReadsLocalDeclaredWithoutValue(after, semanticModel))
                        {
                            return false;
                        }

                        if (after[after.Count - 1] is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax)
                        {
                            return true;
                        }
                    }

                    break;
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                    // The outer loop goes on with its next iteration.
                    return true;
                case UsingStatementSyntax or LockStatementSyntax or FixedStatementSyntax or LabeledStatementSyntax or CheckedStatementSyntax or
                    UnsafeStatementSyntax or IfStatementSyntax or ElseClauseSyntax or TryStatementSyntax or CatchClauseSyntax:
                    break;
                case BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax:
                    return !NeedsAValueAtItsEnd(parent, semanticModel, cancellationToken);
                default:
                    return false;
            }

            node = parent;
        }

        return false;
    }

    private static bool ReadsLocalDeclaredWithoutValue(List<StatementSyntax> statements, SemanticModel semanticModel)
    {
        var dataFlow = semanticModel.AnalyzeDataFlow(statements[0], statements[statements.Count - 1]);
        return dataFlow is null || !dataFlow.Succeeded || dataFlow.ReadInside.Any(symbol =>
            symbol is ILocalSymbol local && local.DeclaringSyntaxReferences.Any(reference =>
                reference.GetSyntax() is VariableDeclaratorSyntax { Initializer: null }));
    }

    /// <summary>Whether falling off the end of the function is an error: it returns a value (not void, not Task, not an iterator).</summary>
    private static bool NeedsAValueAtItsEnd(SyntaxNode function, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var symbol = function is AnonymousFunctionExpressionSyntax
            ? semanticModel.GetSymbolInfo(function, cancellationToken).Symbol
            : semanticModel.GetDeclaredSymbol(function, cancellationToken);
        if (symbol is not IMethodSymbol method)
        {
            return true;
        }

        if (method.ReturnsVoid)
        {
            return false;
        }

        if (function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any())
        {
            return false;
        }

        return !(method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
    }

    private static bool HasFunctionBetween(SyntaxNode node, StatementSyntax statement)
    {
        for (var current = node.Parent; current is not null && current != statement; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The line end after the statement, for the test inserted after it: a comment at the end of the read's line stays
    /// on that line, with the read it explains.
    /// </summary>
    private static SyntaxTriviaList LineEnd(StatementSyntax statement) =>
        TriviaList(statement.GetTrailingTrivia().Where(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia)));

    /// <summary><c>if (n == 0) break;</c>, or <c>if (n == 0) { owner.Dispose(); break; }</c>.</summary>
    private static IfStatementSyntax EndTest(ExpressionSyntax holder, ExpressionSyntax endValue, ImmutableArray<StatementSyntax> closes) =>
        IfStatement(
                BinaryExpression(SyntaxKind.EqualsExpression, holder.WithoutTrivia(), endValue),
                closes.IsEmpty ? BreakStatement() : Block(closes.Add(BreakStatement())))
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static LocalDeclarationStatementSyntax Declare(string name, ExpressionSyntax value) =>
        LocalDeclarationStatement(VariableDeclaration(
                IdentifierName("var"),
                SingletonSeparatedList(VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(value.WithoutTrivia())))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static ExpressionSyntax EndValue(string text) => text switch
    {
        "null" => LiteralExpression(SyntaxKind.NullLiteralExpression),
        "-1" => PrefixUnaryExpression(SyntaxKind.UnaryMinusExpression, LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(1))),
        _ => LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0)),
    };

    private static string BaseName(string endText) => endText switch
    {
        "null" => "line",
        "-1" => "value",
        _ => "n",
    };

    private static string NewName(string baseName, HashSet<string> taken)
    {
        var name = baseName;
        for (var suffix = 2; taken.Contains(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None; suffix++)
        {
            name = baseName + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private sealed class FixPlan
    {
        public FixPlan(StatementSyntax statement, SyntaxNode member, ImmutableArray<StatementSyntax> replacement, string? introducedName)
        {
            Statement = statement;
            Member = member;
            Replacement = replacement;
            IntroducedName = introducedName;
        }

        public StatementSyntax Statement { get; }

        public SyntaxNode Member { get; }

        /// <summary>What replaces the statement (spliced into its block, or wrapped in a new block where it was alone).</summary>
        public ImmutableArray<StatementSyntax> Replacement { get; }

        public string? IntroducedName { get; }
    }

    /// <summary>Splices a block that replaced one statement of another block into it (marked by the splice annotation).</summary>
    private sealed class BlockFlattener : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitBlock(BlockSyntax node)
        {
            var visited = (BlockSyntax)base.VisitBlock(node)!;
            if (!visited.Statements.Any(IsSpliceable))
            {
                return visited.HasAnnotation(s_splice) ? visited.WithAdditionalAnnotations(Formatter.Annotation) : visited;
            }

            var statements = new List<StatementSyntax>();
            foreach (var statement in visited.Statements)
            {
                if (IsSpliceable(statement))
                {
                    statements.AddRange(((BlockSyntax)statement).Statements);
                }
                else
                {
                    statements.Add(statement);
                }
            }

            return visited.WithStatements(List(statements));
        }

        private static bool IsSpliceable(StatementSyntax statement) =>
            statement is BlockSyntax block && block.HasAnnotation(s_splice) && block.Parent is BlockSyntax;
    }
}
