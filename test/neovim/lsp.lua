-- An independent LSP client: Neovim (0.7 or newer, headless) starts the built
-- Dealspec server, opens a sample and a broken deal, and checks that
-- diagnostics arrive and that a hover carries a computed figure.
-- Run: DEALSPEC_ROOT=<repo> nvim --headless --clean -c 'luafile test/neovim/lsp.lua'
-- Exits 0 when every check passes, 1 otherwise.

local root = os.getenv("DEALSPEC_ROOT") or vim.fn.getcwd()
local server = root .. "/server/out/server.js"
local sample = root .. "/samples/colossus-1.deal.yaml"
local broken = root .. "/test/fixtures/lsp/broken.deal.yaml"
local TIMEOUT = 15000

local failures = 0
local function say(text)
  io.stdout:write(text .. "\n")
end
local function check(ok, what)
  if ok then
    say("ok   " .. what)
  else
    failures = failures + 1
    say("FAIL " .. what)
  end
end
local function finish()
  say(failures == 0 and "neovim: all checks passed" or ("neovim: " .. failures .. " check(s) failed"))
  vim.cmd(failures == 0 and "qall!" or "cquit! 1")
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = "dealspec",
    cmd = { "node", server, "--stdio" },
    root_dir = root,
  })
  check(client_id ~= nil, "the server starts")
  if not client_id then
    return
  end
  local client = vim.lsp.get_client_by_id(client_id)
  check(vim.wait(TIMEOUT, function() return client.initialized == true end, 20), "the server initializes")

  -- The sample: no diagnostics, a hover on a fee's amount with its total, CodeLens resolved.
  vim.cmd("edit " .. vim.fn.fnameescape(sample))
  local sample_buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(sample_buf, client_id)
  local lines = vim.api.nvim_buf_get_lines(sample_buf, 0, -1, false)
  local line_nr, col
  for i, line in ipairs(lines) do
    local c = line:find("$1.25B", 1, true)
    if c and line:find("amount:", 1, true) then
      line_nr, col = i - 1, c
      break
    end
  end
  check(line_nr ~= nil, "the sample has the base fee's amount")
  local params = { textDocument = { uri = vim.uri_from_bufnr(sample_buf) }, position = { line = line_nr, character = col } }
  local hover = client.request_sync("textDocument/hover", params, TIMEOUT, sample_buf)
  local value = hover and hover.result and hover.result.contents and hover.result.contents.value or ""
  check(value:find("$43,750,000,000.00", 1, true) ~= nil, "the hover on `amount: $1.25B` shows the fee's total $43,750,000,000.00")
  check(value:find("35 monthly periods", 1, true) ~= nil, "the hover says how the total was computed")
  say("     hover: " .. (value:match("%*%*Total[^\n]*") or "(none)"))

  local lenses = client.request_sync("textDocument/codeLens", { textDocument = { uri = vim.uri_from_bufnr(sample_buf) } }, TIMEOUT, sample_buf)
  local titles = {}
  for _, lens in ipairs(lenses and lenses.result or {}) do
    if lens.command then
      table.insert(titles, lens.command.title)
    end
  end
  check(vim.tbl_contains(titles, "Total $45B"), "CodeLens arrive resolved, with the total (compact)")
  check(#vim.diagnostic.get(sample_buf) == 0, "the sample has no diagnostics")

  -- The broken deal: diagnostics arrive, with codes on the right lines.
  vim.cmd("edit " .. vim.fn.fnameescape(broken))
  local broken_buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(broken_buf, client_id)
  local arrived = vim.wait(TIMEOUT, function() return #vim.diagnostic.get(broken_buf) > 0 end, 20)
  check(arrived, "diagnostics arrive for the broken deal")
  local codes = {}
  local amout_line
  for i, line in ipairs(vim.api.nvim_buf_get_lines(broken_buf, 0, -1, false)) do
    if line:find("amout:", 1, true) then
      amout_line = i - 1
    end
  end
  for _, d in ipairs(vim.diagnostic.get(broken_buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    codes[#codes + 1] = tostring(code)
    if code == "DS201" then
      check(d.lnum == amout_line, "DS201 (unknown key) is on the `amout:` line")
    end
  end
  table.sort(codes)
  say("     codes: " .. table.concat(codes, " "))
  check(vim.tbl_contains(codes, "DS201") and vim.tbl_contains(codes, "DS304") and vim.tbl_contains(codes, "DS215"), "the broken deal's diagnostics carry their codes")

  vim.lsp.stop_client(client_id)
  vim.wait(TIMEOUT, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end)
if not ok then
  failures = failures + 1
  say("FAIL error: " .. tostring(err))
end
finish()
