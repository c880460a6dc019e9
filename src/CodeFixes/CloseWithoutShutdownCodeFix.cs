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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SocketAnalyzers.CodeFixes.CloseSequences;
using SocketAnalyzers.Model;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// SOCK008 fix "Shut down before closing": the normal-end close sequence (Shutdown(Both) guarded, then Close).
/// <list type="bullet">
/// <item>An explicit <c>x.Close();</c> / <c>x.Dispose();</c> statement is replaced by the sequence for x — or, when
/// x is not a plain variable (<c>client.Client.Close()</c>), for the connection's owner in scope (the TcpClient).</item>
/// <item>A <c>using</c> statement gets the sequence at the end of its body; a <c>using</c> declaration at the end of
/// its block. Only where that end is where every normal path leaves the scope (it is reachable, and nothing
/// returns, breaks or jumps out before it); otherwise no fix.</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CloseWithoutShutdownCodeFix)), Shared]
public sealed class CloseWithoutShutdownCodeFix : DocumentCodeFixProvider
{
    public const string EquivalenceKey = "SOCK008.ShutDownBeforeClosing";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.CloseWithoutShutdown);

    protected override string TitleResourceKey => "SOCK008_FixTitle";

    protected override string ActionEquivalenceKey => EquivalenceKey;

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

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var planned = new HashSet<SyntaxNode>();
        // Source order: two using declarations of one block get their sequences in the order a one-by-one fix gives.
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (Plan(root, semanticModel, diagnostic, cancellationToken) is not { } plan || !planned.Add(plan.Target))
            {
                continue;
            }

            switch (plan.Target)
            {
                case ExpressionStatementSyntax close:
                    if (plan.Closes.Length == 1)
                    {
                        editor.ReplaceNode(close, plan.Closes[0].WithLeadingTrivia(close.GetLeadingTrivia()).WithTrailingTrivia(close.GetTrailingTrivia()));
                    }
                    else if (close.Parent is BlockSyntax)
                    {
                        editor.InsertAfter(close, plan.Closes.Skip(1));
                        editor.ReplaceNode(close, plan.Closes[0].WithLeadingTrivia(close.GetLeadingTrivia()));
                    }
                    else
                    {
                        editor.ReplaceNode(close, Block(plan.Closes).WithAdditionalAnnotations(Formatter.Annotation));
                    }

                    break;
                case UsingStatementSyntax usingStatement:
                    editor.ReplaceNode(usingStatement, (current, _) =>
                    {
                        var currentUsing = (UsingStatementSyntax)current;
                        var body = currentUsing.Statement is BlockSyntax block
                            ? block.AddStatements(plan.Closes.ToArray())
                            : Block(new[] { currentUsing.Statement }.Concat(plan.Closes)).WithAdditionalAnnotations(Formatter.Annotation);
                        return currentUsing.WithStatement(body);
                    });
                    break;
                case BlockSyntax enclosing:
                    editor.ReplaceNode(enclosing, (current, _) => ((BlockSyntax)current).AddStatements(plan.Closes.ToArray()));
                    break;
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    /// <summary>What to change: the close statement, the using statement, or the block that ends a using declaration's scope.</summary>
    private static FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (ConnectionModel.TryCreate(semanticModel.Compilation) is not { } model)
        {
            return null;
        }

        var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
        if (token.IsKind(SyntaxKind.UsingKeyword))
        {
            return token.Parent switch
            {
                UsingStatementSyntax usingStatement => PlanUsingStatement(usingStatement, semanticModel, model, cancellationToken),
                LocalDeclarationStatementSyntax declaration => PlanUsingDeclaration(declaration, semanticModel, model, cancellationToken),
                _ => null,
            };
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not
            {
                ArgumentList.Arguments.Count: 0,
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" } access,
                Parent: ExpressionStatementSyntax statement,
            } ||
            ConnectionFor(access.Expression, ConnectionMembers.Read(diagnostic, semanticModel, cancellationToken), semanticModel, statement.SpanStart, model, cancellationToken) is not { } connection)
        {
            return null;
        }

        return new FixPlan(statement, CloseSequence.NormalEnd(connection.Expression, connection.Shape));
    }

    private static FixPlan? PlanUsingStatement(UsingStatementSyntax usingStatement, SemanticModel semanticModel, ConnectionModel model, CancellationToken cancellationToken)
    {
        ExpressionSyntax variable;
        ITypeSymbol? type;
        if (usingStatement.Declaration is { Variables.Count: 1 } declaration)
        {
            variable = IdentifierName(declaration.Variables[0].Identifier.ValueText);
            type = (semanticModel.GetDeclaredSymbol(declaration.Variables[0], cancellationToken) as ILocalSymbol)?.Type;
        }
        else if (usingStatement.Expression is IdentifierNameSyntax name)
        {
            variable = name.WithoutTrivia();
            type = semanticModel.GetTypeInfo(name, cancellationToken).Type;
        }
        else
        {
            return null;
        }

        if (ConnectionShapes.Of(type, model) is not ConnectionShape.Socket)
        {
            return null;
        }

        var statements = usingStatement.Statement is BlockSyntax block ? block.Statements.ToList() : new List<StatementSyntax> { usingStatement.Statement };
        return EndsEveryNormalPath(statements, semanticModel)
            ? new FixPlan(usingStatement, CloseSequence.NormalEnd(variable, ConnectionShape.Socket))
            : null;
    }

    private static FixPlan? PlanUsingDeclaration(LocalDeclarationStatementSyntax declaration, SemanticModel semanticModel, ConnectionModel model, CancellationToken cancellationToken)
    {
        if (declaration.Parent is not BlockSyntax block || declaration.Declaration.Variables.Count != 1 ||
            semanticModel.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local ||
            ConnectionShapes.Of(local.Type, model) is not ConnectionShape.Socket)
        {
            return null;
        }

        var scope = block.Statements.Skip(block.Statements.IndexOf(declaration)).ToList();
        return EndsEveryNormalPath(scope, semanticModel)
            ? new FixPlan(block, CloseSequence.NormalEnd(IdentifierName(local.Name), ConnectionShape.Socket))
            : null;
    }

    /// <summary>Statements appended after these run on every normal path through them: the end is reachable and nothing jumps out.</summary>
    private static bool EndsEveryNormalPath(List<StatementSyntax> statements, SemanticModel semanticModel)
    {
        if (statements.Count == 0)
        {
            return true;
        }

        var flow = semanticModel.AnalyzeControlFlow(statements[0], statements[statements.Count - 1]);
        return flow is { Succeeded: true, EndPointIsReachable: true } && flow.ExitPoints.IsEmpty && flow.ReturnStatements.IsEmpty;
    }

    /// <summary>
    /// The expression the sequence shuts down and closes: the closed variable itself when it is a Socket named
    /// directly, else the first of the connection's members (owner first) reachable here that is a Socket or TcpClient.
    /// </summary>
    private static (ExpressionSyntax Expression, ConnectionShape Shape)? ConnectionFor(
        ExpressionSyntax closed, ConnectionMembers members, SemanticModel semanticModel, int position, ConnectionModel model, CancellationToken cancellationToken)
    {
        if (closed is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } &&
            ConnectionShapes.Of(semanticModel.GetTypeInfo(closed, cancellationToken).Type, model) is ConnectionShape.Socket)
        {
            return (closed.WithoutTrivia(), ConnectionShape.Socket);
        }

        foreach (var member in members.Known)
        {
            if (ConnectionShapes.Of(ConnectionMembers.TypeOf(member), model) is ConnectionShape.Socket or ConnectionShape.TcpClient &&
                ConnectionMembers.ExpressionAt(member, position, semanticModel) is { } expression)
            {
                return (expression, ConnectionShapes.Of(ConnectionMembers.TypeOf(member), model)!.Value);
            }
        }

        return null;
    }

    private sealed class FixPlan
    {
        public FixPlan(SyntaxNode target, ImmutableArray<StatementSyntax> closes)
        {
            Target = target;
            Closes = closes;
        }

        /// <summary>The close statement to replace, or the using statement / block to append to.</summary>
        public SyntaxNode Target { get; }

        public ImmutableArray<StatementSyntax> Closes { get; }
    }
}
