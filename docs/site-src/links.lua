-- Pandoc filter for docs/build-site: rewrites relative links to Markdown
-- pages (.md, or a folder with a README.md) to the .html pages of the site,
-- and writes every other local link or image target, resolved against the
-- page's folder, to the file named by $SITE_ASSETS, so the build script can
-- copy it into the site.

local page_dir = os.getenv("SITE_PAGE_DIR") or "."
local assets_file = os.getenv("SITE_ASSETS")

local function is_local(target)
  return target ~= "" and not target:match("^#")
    and not target:match("^[%a][%w+.-]*:") and not target:match("^/")
end

local function exists(path)
  local f = io.open(path, "r")
  if f then f:close() return true end
  return false
end

local function record(path)
  if assets_file then
    local f = io.open(assets_file, "a")
    f:write(page_dir .. "/" .. path .. "\n")
    f:close()
  end
end

local function split(target)
  local path, frag = target:match("^([^#]*)(#.*)$")
  if path then return path, frag end
  return target, ""
end

function Link(el)
  if not is_local(el.target) then return nil end
  local path, frag = split(el.target)
  if path == "" then return nil end
  if path:match("%.md$") then
    el.target = path:gsub("%.md$", ".html") .. frag
  elseif path:match("/$") and exists(page_dir .. "/" .. path .. "README.md") then
    el.target = path .. "README.html" .. frag
  else
    record(path)
  end
  return el
end

function Image(el)
  if is_local(el.src) then record(el.src) end
  return el
end
