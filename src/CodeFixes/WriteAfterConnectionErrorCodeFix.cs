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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SocketAnalyzers.CodeFixes.CloseSequences;
using SocketAnalyzers.Model;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// SOCK001 fix "Stop writing to the failed connection": replaces the write by leaving the scope, after
/// <c>owner.Dispose()</c> where the method owns the connection (<see cref="MethodOwnership"/>; a connection it was
/// given is its owner's to close). It leaves by <c>continue</c> in a loop that takes a new connection each iteration (an accept loop, a
/// <c>foreach</c> over clients), <c>break</c> in a loop over one connection, <c>return</c> in a void/async Task
/// method, otherwise <c>throw;</c> inside a catch. Where none of these is valid (it would need a return value) no fix
/// is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WriteAfterConnectionErrorCodeFix)), Shared]
public sealed class WriteAfterConnectionErrorCodeFix : DocumentCodeFixProvider
{
    public const string EquivalenceKey = "SOCK001.CloseConnectionInstead";

    /// <summary>Marks the block that replaced a write, to be spliced into the block around it.</summary>
    private static readonly SyntaxAnnotation s_splice = new(nameof(WriteAfterConnectionErrorCodeFix));

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.WriteAfterConnectionError);

    protected override string TitleResourceKey => "SOCK001_FixTitle";

    protected override string ActionEquivalenceKey => EquivalenceKey;

    // The close it inserts must not shut down a connection this file still writes to after the call (SOCK007).
    protected override ImmutableArray<DiagnosticAnalyzer> RulesNotToTrigger { get; } = ImmutableArray.Create(CrossRuleChecks.WriteAfterShutdown);

    protected override bool CanFix(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        Plan(root, semanticModel, diagnostic, cancellationToken) is not null;

    protected override async Task<Document> FixAllInDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        var plans = new List<FixPlan>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (Plan(root, semanticModel, diagnostic, cancellationToken) is { } plan &&
                // Once a block closes the connection, later writes in it are writes after close, not after error.
                !plans.Any(earlier => earlier.Container is not null && earlier.Container == plan.Container))
            {
                plans.Add(plan);
            }
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        foreach (var plan in plans)
        {
            foreach (var laterWrite in plan.LaterWrites)
            {
                // The rest of the reply (a Flush after the WriteLine ...) would go to the failed connection.
                editor.RemoveNode(laterWrite, SyntaxRemoveOptions.KeepNoTrivia);
            }

            var last = plan.Container is { } container
                ? StatementsOf(container).LastOrDefault(statement => statement != plan.Anchor && !plan.LaterWrites.Contains(statement))
                : null;
            var exitAfterLast = last is not null && last.SpanStart > plan.Anchor.SpanStart;
            var emptied = plan.Anchor != plan.Write && plan.Closes.IsEmpty && IsEmptiedBy(plan);

            // The write itself: its closes take its place (nothing where the method does not own the connection), and
            // a lock left with nothing to do goes with it.
            if (emptied)
            {
                if (exitAfterLast)
                {
                    editor.RemoveNode(plan.Anchor, SyntaxRemoveOptions.KeepNoTrivia);
                }
                else
                {
                    editor.ReplaceNode(plan.Anchor, plan.Exit.WithTriviaFrom(plan.Anchor).WithAdditionalAnnotations(Formatter.Annotation));
                    continue;
                }
            }
            else if (plan.Anchor == plan.Write && !exitAfterLast)
            {
                editor.ReplaceNode(plan.Write, Block(plan.Closes.Add(plan.Exit)).WithAdditionalAnnotations(s_splice));
                continue;
            }
            else
            {
                editor.ReplaceNode(plan.Write, (_, _) => Block(plan.Closes).WithAdditionalAnnotations(s_splice));
            }

            if (!exitAfterLast)
            {
                // The write sat under a lock or using that ends its block: leave right after it.
                editor.InsertAfter(plan.Anchor, plan.Exit.WithAdditionalAnnotations(Formatter.Annotation));
            }
            else if (LeavesTheScope(last!, plan.Exit))
            {
                // Leave the scope at the end of the block, keeping what the catch does after the write; the block
                // already ends by leaving.
            }
            else if (last is BreakStatementSyntax or ContinueStatementSyntax)
            {
                // A jump that does not leave is replaced.
                editor.ReplaceNode(last, plan.Exit.WithTriviaFrom(last).WithAdditionalAnnotations(Formatter.Annotation));
            }
            else
            {
                editor.InsertAfter(last!, plan.Exit.WithAdditionalAnnotations(Formatter.Annotation));
            }
        }

        var newRoot = editor.GetChangedRoot();
        // Replacing a statement inside a block by a block of statements: splice them into the block.
        newRoot = new BlockFlattener().Visit(newRoot);
        return document.WithSyntaxRoot(newRoot);
    }

    private static FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocation is null || StatementOf(invocation) is not { } write || IsRetriedInsideTry(write))
        {
            return null;
        }

        var model = ConnectionModel.TryCreate(semanticModel.Compilation);
        if (model is null)
        {
            return null;
        }

        var members = ConnectionMembers.Read(diagnostic, semanticModel, cancellationToken);
        if (ExitFor(write, members, semanticModel, cancellationToken) is not { } exit)
        {
            return null;
        }

        // Close only what this method owns and has not handed off; a connection it was given is its owner's to close.
        var owner = MethodOwnership.OwnerToClose(members, write, semanticModel, model, cancellationToken);
        if (owner is not null && exit is BreakStatementSyntax &&
            write.FirstAncestorOrSelf<StatementSyntax>(IsLoop) is { } loop && MethodOwnership.IsUsedAfter(owner, loop))
        {
            // The code after the loop still uses it (and closes it, or SOCK005 says so).
            owner = null;
        }

        var closes = owner is null ? ImmutableArray<StatementSyntax>.Empty : ImmutableArray.Create(MethodOwnership.Dispose(owner));

        var block = write.Parent is BlockSyntax or SwitchSectionSyntax ? write.Parent : null;
        var laterWrites = block is null
            ? ImmutableArray<ExpressionStatementSyntax>.Empty
            : LaterWritesTo(members, StatementsOf(block), write, semanticModel, model, cancellationToken);
        var (anchor, container) = ScopeOf(write, block);
        return new FixPlan(write, anchor, container, closes, exit, laterWrites);
    }

    /// <summary>
    /// Where the exit goes: a write under a statement that always runs its block (<c>lock</c>, <c>using</c>,
    /// <c>checked</c>, <c>unsafe</c>, <c>fixed</c>, a bare block) belongs to the block around that statement, so what the
    /// catch does after it (<c>server.Remove(this)</c> after <c>lock (gate) { writer.WriteLine(..); }</c>) still runs.
    /// The anchor is the statement of the container that holds the write.
    /// </summary>
    private static (StatementSyntax Anchor, SyntaxNode? Container) ScopeOf(ExpressionStatementSyntax write, SyntaxNode? block)
    {
        StatementSyntax anchor = write;
        var container = block;
        while (container is BlockSyntax inner &&
               inner.Parent is LockStatementSyntax or UsingStatementSyntax or CheckedStatementSyntax or UnsafeStatementSyntax or FixedStatementSyntax or BlockSyntax &&
               (inner.Parent is BlockSyntax ? inner : inner.Parent) is StatementSyntax statement &&
               statement.Parent is BlockSyntax or SwitchSectionSyntax)
        {
            anchor = statement;
            container = statement.Parent;
        }

        return (anchor, container);
    }

    /// <summary>Whether removing the write (and the writes after it) leaves the anchor's block empty, with a lock on a plain value.</summary>
    private static bool IsEmptiedBy(FixPlan plan) =>
        plan.Anchor is LockStatementSyntax { Statement: BlockSyntax block, Expression: IdentifierNameSyntax or ThisExpressionSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } } &&
        block.Statements.All(statement => statement == plan.Write || plan.LaterWrites.Contains(statement));

    /// <summary>
    /// The statements after the write, in the same block, that write to the same connection through one of its members
    /// (<c>writer.Flush();</c> after <c>writer.WriteLine(..);</c>): once the connection is closed they would throw
    /// ObjectDisposedException, so they go with the write.
    /// </summary>
    private static ImmutableArray<ExpressionStatementSyntax> LaterWritesTo(
        ConnectionMembers members, SyntaxList<StatementSyntax> statements, ExpressionStatementSyntax write, SemanticModel semanticModel, ConnectionModel model, CancellationToken cancellationToken)
    {
        var builder = ImmutableArray.CreateBuilder<ExpressionStatementSyntax>();
        foreach (var statement in statements)
        {
            if (statement.SpanStart <= write.SpanStart || statement is not ExpressionStatementSyntax expressionStatement ||
                CallOf(expressionStatement.Expression) is not { Expression: MemberAccessExpressionSyntax access } invocation ||
                StripThis(access.Expression) is not IdentifierNameSyntax receiver ||
                !members.Contains(semanticModel.GetSymbolInfo(receiver, cancellationToken).Symbol) ||
                semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            if (model.Classify(method) == ConnectionOperationKind.Write || model.ClassifySocketExtension(method.ReducedFrom ?? method) == ConnectionOperationKind.Write)
            {
                builder.Add(expressionStatement);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>The call of <c>x.M(..)</c>, <c>await x.M(..)</c> or <c>await x.M(..).ConfigureAwait(..)</c>.</summary>
    private static InvocationExpressionSyntax? CallOf(ExpressionSyntax expression)
    {
        if (expression is AwaitExpressionSyntax awaitExpression)
        {
            expression = awaitExpression.Expression;
        }

        if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: InvocationExpressionSyntax awaited } })
        {
            expression = awaited;
        }

        return expression as InvocationExpressionSyntax;
    }

    private static ExpressionSyntax StripThis(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax name } ? name : expression;

    private static SyntaxList<StatementSyntax> StatementsOf(SyntaxNode container) =>
        container is SwitchSectionSyntax section ? section.Statements : ((BlockSyntax)container).Statements;

    /// <summary>
    /// Whether a block's last statement already leaves the connection's scope: return, throw, a break out of a loop
    /// (a break in a switch section only leaves the switch), or a continue when the fix leaves by continue too.
    /// </summary>
    private static bool LeavesTheScope(StatementSyntax last, StatementSyntax exit) => last switch
    {
        ReturnStatementSyntax or ThrowStatementSyntax => true,
        BreakStatementSyntax => last.Ancestors().FirstOrDefault(n => n is SwitchStatementSyntax || IsLoop(n)) is { } target && IsLoop(target),
        ContinueStatementSyntax => exit is ContinueStatementSyntax,
        _ => false,
    };

    private static bool IsLoop(SyntaxNode node) =>
        node is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax;

    /// <summary>The statement that is the write and nothing else: <c>c.Write(..);</c> or <c>await c.WriteAsync(..)[.ConfigureAwait(..)];</c>.</summary>
    private static ExpressionStatementSyntax? StatementOf(InvocationExpressionSyntax invocation)
    {
        SyntaxNode node = invocation;
        if (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } access &&
            access.Parent is InvocationExpressionSyntax configureAwait)
        {
            node = configureAwait;
        }

        if (node.Parent is AwaitExpressionSyntax awaitExpression)
        {
            node = awaitExpression;
        }

        return node.Parent as ExpressionStatementSyntax;
    }

    /// <summary>
    /// A write in a try block that has catches is reported because a loop brings it back after the catch (a retry on
    /// the failed connection): replacing it would drop the first attempt too, so the fix belongs in the catch.
    /// </summary>
    private static bool IsRetriedInsideTry(StatementSyntax write)
    {
        for (var node = write.Parent; node is not null && node is not (MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax); node = node.Parent)
        {
            if (node is BlockSyntax { Parent: TryStatementSyntax { Catches.Count: > 0 } tryStatement } block && tryStatement.Block == block)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How to leave the scope after closing, or null where no statement fits without inventing a value.</summary>
    private static StatementSyntax? ExitFor(StatementSyntax write, ConnectionMembers members, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var insideCatch = false;
        var insideSwitch = false;
        for (var node = write.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case FinallyClauseSyntax:
                    // Neither break, return nor throw; may leave a finally.
                    return null;
                case CatchClauseSyntax:
                    insideCatch = true;
                    break;
                case SwitchSectionSyntax:
                    // 'break' would only leave the switch.
                    insideSwitch = true;
                    break;
                case StatementSyntax loop when IsLoop(loop):
                    switch (TakesANewConnectionEachIteration(loop, members, write.SpanStart, semanticModel, cancellationToken))
                    {
                        case true:
                            // An accept loop or a loop over clients: go on with the next connection.
                            return ContinueStatement();
                        case null:
                            return null;
                    }

                    return insideSwitch ? ReturnOrThrow(write, semanticModel, insideCatch, cancellationToken) : BreakStatement();
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                    return ReturnOrThrow(write, semanticModel, insideCatch, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the connection's owner (the first of its members in scope) is declared or assigned inside the loop, so
    /// the next iteration works on another connection: <c>foreach (var client in clients)</c>,
    /// <c>while (..) { var client = listener.AcceptTcpClient(); .. }</c>. Null when that member is one the fixer cannot
    /// see (declared outside source): then neither <c>continue</c> nor <c>break</c> is known to be right.
    /// </summary>
    private static bool? TakesANewConnectionEachIteration(StatementSyntax loop, ConnectionMembers members, int position, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        ISymbol? owner = null;
        foreach (var member in members.All)
        {
            if (member is null)
            {
                // A field or property of a referenced assembly's type, which may be in scope here.
                return null;
            }

            // A field hidden by a local of the same name is still reachable (this.name); a local out of scope is not.
            if (ConnectionMembers.ExpressionAt(member, position, semanticModel) is not null)
            {
                owner = member;
                break;
            }
        }

        if (owner is null)
        {
            return false;
        }

        if (owner is ILocalSymbol && owner.DeclaringSyntaxReferences.Any(reference => loop.Span.Contains(reference.Span)))
        {
            return true;
        }

        foreach (var assignment in loop.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(assignment.Left, cancellationToken).Symbol?.OriginalDefinition, owner))
            {
                return true;
            }
        }

        return false;
    }

    private static StatementSyntax? ReturnOrThrow(StatementSyntax write, SemanticModel semanticModel, bool insideCatch, CancellationToken cancellationToken)
    {
        if (semanticModel.GetEnclosingSymbol(write.SpanStart, cancellationToken) is IMethodSymbol method &&
            !IsIterator(write) &&
            (method.ReturnsVoid || method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" }))
        {
            return ReturnStatement();
        }

        return insideCatch ? ThrowStatement() : null;
    }

    private static bool IsIterator(SyntaxNode node)
    {
        var body = node.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or AnonymousFunctionExpressionSyntax);
        return body is not null && body.DescendantNodes(n => n == body || n is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax))
            .Any(n => n is YieldStatementSyntax);
    }

    private sealed class FixPlan
    {
        public FixPlan(ExpressionStatementSyntax write, StatementSyntax anchor, SyntaxNode? container, ImmutableArray<StatementSyntax> closes, StatementSyntax exit, ImmutableArray<ExpressionStatementSyntax> laterWrites)
        {
            Write = write;
            Anchor = anchor;
            Container = container;
            LaterWrites = laterWrites;
            Closes = closes;
            Exit = exit;
        }

        public ExpressionStatementSyntax Write { get; }

        /// <summary>The statement of <see cref="Container"/> that holds the write: the write, or a lock/using around it.</summary>
        public StatementSyntax Anchor { get; }

        /// <summary>The block or switch section whose statements hold the anchor (null for an embedded statement).</summary>
        public SyntaxNode? Container { get; }

        /// <summary>Writes to the same connection after the write in the same block: removed with it.</summary>
        public ImmutableArray<ExpressionStatementSyntax> LaterWrites { get; }
        public ImmutableArray<StatementSyntax> Closes { get; }
        public StatementSyntax Exit { get; }
    }

    /// <summary>Splices a block that replaced one statement of another block (or of a switch section) into it (marked by the splice annotation).</summary>
    private sealed class BlockFlattener : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitBlock(BlockSyntax node)
        {
            var visited = (BlockSyntax)base.VisitBlock(node)!;
            return visited.Statements.Any(IsSpliceable) ? visited.WithStatements(Spliced(visited.Statements)) : visited;
        }

        public override SyntaxNode? VisitSwitchSection(SwitchSectionSyntax node)
        {
            var visited = (SwitchSectionSyntax)base.VisitSwitchSection(node)!;
            return visited.Statements.Any(IsSpliceable) ? visited.WithStatements(Spliced(visited.Statements)) : visited;
        }

        private static SyntaxList<StatementSyntax> Spliced(SyntaxList<StatementSyntax> statements)
        {
            var result = new List<StatementSyntax>();
            foreach (var statement in statements)
            {
                if (IsSpliceable(statement))
                {
                    var inner = ((BlockSyntax)statement).Statements;
                    for (var i = 0; i < inner.Count; i++)
                    {
                        var item = inner[i];
                        if (i == 0)
                        {
                            item = item.WithLeadingTrivia(statement.GetLeadingTrivia().AddRange(item.GetLeadingTrivia()));
                        }

                        result.Add(item);
                    }
                }
                else
                {
                    result.Add(statement);
                }
            }

            return List(result);
        }

        private static bool IsSpliceable(StatementSyntax statement) =>
            statement is BlockSyntax block && block.HasAnnotation(s_splice) && block.Parent is BlockSyntax or SwitchSectionSyntax;
    }
}
