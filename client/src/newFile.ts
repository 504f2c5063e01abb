/**
 * File > New File... > "Dealspec deal" / "Dealspec portfolio": an untitled
 * document of the right language holding the server's template
 * (`dealspec/template`), inserted as a snippet so that the cursor is on the
 * first value to fill and Tab moves to the next. The template itself is the
 * engine's; the client only shows it.
 */
import * as vscode from "vscode";
import { State, type BaseLanguageClient } from "vscode-languageclient";
import { TemplateRequest, type TemplateParams } from "../../protocol/src";

/** Opens the new document and returns its URI, or undefined when the server cannot give the template. */
export async function newFile(client: BaseLanguageClient, kind: TemplateParams["kind"]): Promise<string | undefined> {
  if (client.state !== State.Running) {
    void vscode.window.showErrorMessage("Dealspec: the language server is not running, so it cannot give the template. Run “Dealspec: Restart Language Server”.");
    return undefined;
  }
  const params: TemplateParams = { kind };
  const template = await client.sendRequest(TemplateRequest.type, params);
  const document = await vscode.workspace.openTextDocument({ language: template.languageId });
  const editor = await vscode.window.showTextDocument(document);
  const inserted = await editor.insertSnippet(new vscode.SnippetString(template.snippet), new vscode.Position(0, 0));
  if (!inserted) {
    // An editor that refused the snippet: the plain text, with the first value selected.
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), template.text));
    const { start, end } = template.selection;
    editor.selection = new vscode.Selection(start.line, start.character, end.line, end.character);
  }
  return document.uri.toString();
}
